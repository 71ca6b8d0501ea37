"""The way of a Vorlage: Entwurf → in Mitzeichnung → mitgezeichnet → in Freigabe → freigegeben
→ final, with zurückgegeben and zurückgezogen beside.

Who signs comes from the house style (its `mitzeichnung:` rules, each a Mitzeichnung that
holds the Vorlage or a Beteiligung that is only heard) and the Stellen the draft names; who
releases from the Vorlagenart's `freigabe:` chain. A step counts only as a record of the
server, made by a named person (or their deputy, "i. V.") over a hash of what it covers; the
YAML's own `status:` lines are not read. Every refusal is a `Refused` and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ..accounts import User
from ..check import Checked
from ..errors import UserError
from ..project import Project
from ..records import AuditTrail, Records, Register, Signoff
from ..schema import Mitzeichnung
from .scope import PART_NAMES, changed_parts, scope_hash

ROLE_NAMES = {"amtsleitung": "Amtsleitung", "dezernat": "Dezernat",
              "verwaltungsleitung": "Verwaltungsleitung"}
RESULTS = {"erteilt": "erteilt", "erteilt_mit_hinweis": "erteilt mit Hinweis",
           "verweigert": "verweigert", "stellungnahme": "Stellungnahme",
           "freigegeben": "freigegeben"}
STATE_NAMES = {"entwurf": "Entwurf", "in_mitzeichnung": "in Mitzeichnung",
               "mitgezeichnet": "mitgezeichnet", "in_freigabe": "in Freigabe",
               "freigegeben": "freigegeben", "final": "final",
               "zurueckgegeben": "zurückgegeben", "zurueckgezogen": "zurückgezogen"}
OWN = ("sachbearbeitung", "amtsleitung")
OPEN = ("in_mitzeichnung", "mitgezeichnet", "in_freigabe", "freigegeben")


class Refused(UserError):
    """A transition the rules do not allow; the server answers 403."""


@dataclass
class Step:
    art: str                 # mitzeichnung, beteiligung or freigabe
    stelle: str              # the Stelle's Amt key, or the releasing role
    name: str                # as shown: "Kämmerei", "Amtsleitung"
    umfang: list[str] | None = None
    signoff: Signoff | None = None

    @property
    def done(self) -> bool:
        return self.signoff is not None and self.signoff.ergebnis != "verweigert"


@dataclass
class Vorgang:
    key: str
    state: str
    comment: str | None
    amt: str | None
    steps: list[Step] = field(default_factory=list)    # Mitzeichnung and Beteiligung
    chain: list[Step] = field(default_factory=list)    # Freigabe, in order
    history: list[Signoff] = field(default_factory=list)

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]

    def signing(self) -> list[Step]:
        return [s for s in self.steps if s.art == "mitzeichnung"]

    @property
    def refused(self) -> bool:
        return any(s.signoff and s.signoff.ergebnis == "verweigert" for s in self.signing())

    def next_release(self) -> Step | None:
        return next((s for s in self.chain if s.signoff is None), None)


def printed_signoffs(vorgang: Vorgang) -> list[Mitzeichnung]:
    """The Mitzeichnung block as printed: every Stelle with its current record (refusals and
    Hinweise with their comment), the Stellungnahmen, then the Freigaben."""
    rows = []
    for step in vorgang.steps + vorgang.chain:
        record = step.signoff
        if record is None:
            rows.append(Mitzeichnung(stelle=step.name, status="offen"))
            continue
        shown = f"i. V. {record.anzeigename}" if record.fuer else record.anzeigename
        rows.append(Mitzeichnung.model_construct(
            stelle=step.name if step.art != "freigabe" else f"Freigabe {step.name}",
            status=RESULTS[record.ergebnis], name=shown,
            datum=date.fromisoformat(record.zeit[:10]), hinweis=record.kommentar))
    return rows


class Workflow:
    """The rules of the way, over one register (and the audit trail, when given)."""

    def __init__(self, project: Project, register: Register, audit: AuditTrail | None = None,
                 represented: Callable[[str], list[User]] = lambda name: []):
        self.project, self.register, self.audit = project, register, audit
        self.records = Records(register)
        self.represented = represented  # whom an account stands in for today

    # --- reading ---------------------------------------------------------------------
    def _amt(self, checked: Checked) -> str | None:
        key = self.project.amt_key
        return key(checked.draft.amt_kennziffer or "") or key(checked.draft.amt)

    def vorgang(self, checked: Checked) -> Vorgang:
        key = self.project.draft_key(checked.path)
        state, comment = self.records.state(key)
        current = self.records.signoffs(key)
        out = Vorgang(key, state, comment, self._amt(checked),
                      history=self.records.signoffs(key, current=False))
        for art, stelle, name, umfang in self._stellen(checked):
            record = next((s for s in current if s.art == art and s.stelle == stelle), None)
            out.steps.append(Step(art, stelle, name, umfang, record))
        releases = [s for s in current if s.art == "freigabe"]
        for role in self._chain(checked, out):
            record = releases.pop(0) if releases and releases[0].stelle == role else None
            out.chain.append(Step("freigabe", role, ROLE_NAMES[role], None, record))
        return out

    def _stellen(self, checked: Checked):
        draft, style = checked.draft, checked.style
        costs = draft.finanzen is not None and draft.finanzen.hat_auswirkungen
        rules = {r.stelle: r for r in style.config.mitzeichnung}
        wanted = [r.stelle for r in style.config.mitzeichnung
                  if r.applies(costs, draft.feld)]
        # The Stellen the YAML asks for, read from the file: the model's list may already be
        # the printed block made from the records.
        raw = checked.loaded.data.get("mitzeichnung") if isinstance(
            checked.loaded.data, dict) else None
        asked = [str(m["stelle"]) for m in raw or [] if isinstance(m, dict) and m.get("stelle")]
        for stelle in dict.fromkeys(wanted + asked):
            rule = rules.get(stelle)
            yield (rule.art if rule else "mitzeichnung", self.project.amt_key(stelle) or stelle,
                   stelle, rule.umfang if rule else None)

    @staticmethod
    def _chain(checked: Checked, vorgang: Vorgang) -> list[str]:
        art = checked.style.art(checked.draft.vorlagenart)
        chain = list(art.freigabe) if art else ["amtsleitung"]
        # Over a refusal only the Verwaltungsleitung may release; the refusal stays printed.
        if vorgang.refused and "verwaltungsleitung" not in chain:
            chain.append("verwaltungsleitung")
        return chain

    # --- who ------------------------------------------------------------------------
    def _as(self, user: User) -> list[tuple[User, str | None]]:
        """The user, and each person they stand in for today (acting "i. V.")."""
        return [(user, None)] + [(p, p.name) for p in self.represented(user.name)]

    def _holder(self, user: User, role: str, amt: str | None) -> tuple[User, str | None] | None:
        for who, fuer in self._as(user):
            if who.holds(role, amt=amt if role != "verwaltungsleitung" else None):
                return who, fuer
        return None

    def _own(self, user: User, vorgang: Vorgang) -> bool:
        return vorgang.amt is not None and user.holds(*OWN, amt=vorgang.amt)

    def actions(self, user: User, checked: Checked, vorgang: Vorgang | None = None
                ) -> list[str]:
        """What `user` may do now (the buttons the form shows)."""
        vorgang = vorgang or self.vorgang(checked)
        return [a for a in ACTIONS if self._why_not(user, a, vorgang, None) is None]

    def _why_not(self, user: User, action: str, vorgang: Vorgang, stelle: str | None):
        state, own = vorgang.state, self._own(user, vorgang)
        if action == "anfordern":
            return None if own and state in ("entwurf", "zurueckgegeben") else "nicht jetzt"
        if action in ("mitzeichnen", "stellungnahme"):
            art = "mitzeichnung" if action == "mitzeichnen" else "beteiligung"
            states = ("in_mitzeichnung",) if art == "mitzeichnung" else OPEN[:3]
            if state not in states:
                return f"die Vorlage ist {vorgang.state_name}"
            steps = [s for s in vorgang.steps if s.art == art
                     and (stelle is None or s.stelle == stelle)
                     and self._holder(user, "mitzeichnung", s.stelle)]
            return None if steps else "keine Stelle, für die Sie zeichnen"
        if action == "freigabe_anfordern":
            answered = all(s.signoff for s in vorgang.signing())
            ready = state == "mitgezeichnet" or (state == "in_mitzeichnung" and answered)
            return None if own and ready else "erst nach allen Mitzeichnungen"
        if action == "freigeben":
            step = vorgang.next_release()
            if state != "in_freigabe" or step is None:
                return f"die Vorlage ist {vorgang.state_name}"
            holder = self._holder(user, step.stelle, vorgang.amt)
            return None if holder else f"die Freigabe steht bei: {step.name}"
        if action == "zurueckgeben":
            involved = user.holds("sitzungsdienst") or any(
                self._holder(user, "mitzeichnung", s.stelle) for s in vorgang.steps) or any(
                self._holder(user, s.stelle, vorgang.amt) for s in vorgang.chain)
            return None if state in OPEN and involved else "nicht jetzt"
        if action == "zurueckziehen":
            return None if own and state not in ("final", "zurueckgezogen") else "nicht jetzt"
        if action == "wiederaufnehmen":
            return None if own and state == "zurueckgezogen" else "nicht jetzt"
        if action == "finalisieren":
            return None if user.holds("sitzungsdienst") and state == "freigegeben" \
                else "nur der Sitzungsdienst, und erst nach der Freigabe"
        return "unbekannte Aktion"

    # --- acting ---------------------------------------------------------------------
    def act(self, user: User, action: str, checked: Checked, *, stelle: str | None = None,
            ergebnis: str = "erteilt", kommentar: str | None = None) -> Vorgang:
        """Performs one transition, or raises Refused before changing anything."""
        kommentar = (kommentar or "").strip() or None
        with self.register.transaction() as db:
            vorgang = self.vorgang(checked)
            reason = self._why_not(user, action, vorgang, stelle)
            if reason is None and action in ("zurueckgeben", "zurueckziehen") and not kommentar:
                reason = "bitte einen Grund angeben"
            if reason is None and action == "mitzeichnen" and ergebnis not in RESULTS:
                reason = "unbekanntes Ergebnis"
            if reason is None and ergebnis in ("verweigert", "erteilt_mit_hinweis") \
                    and not kommentar:
                reason = "eine Verweigerung oder ein Hinweis braucht einen Kommentar"
            if reason is not None:
                raise Refused(f"{ACTIONS[action]} nicht möglich: {reason}")
            self._apply(db, user, action, checked, vorgang, stelle, ergebnis, kommentar)
        after = self.vorgang(checked)
        signed = after.history[-1] if action in ("mitzeichnen", "stellungnahme", "freigeben") \
            and after.history else None
        self._log(user, action, after.key, stelle=signed.stelle if signed else stelle,
                  ergebnis=signed.ergebnis if signed else None, kommentar=kommentar,
                  fuer=signed.fuer if signed else None, zustand=after.state)
        return after

    def _apply(self, db, user, action, checked, vorgang, stelle, ergebnis, kommentar):
        folder = checked.path.resolve().parent  # Anlagen are named relative to the draft
        key, draft = vorgang.key, checked.draft
        if action in ("mitzeichnen", "stellungnahme"):
            art = "mitzeichnung" if action == "mitzeichnen" else "beteiligung"
            for step in vorgang.steps:
                holder = self._holder(user, "mitzeichnung", step.stelle)
                if step.art != art or (stelle and step.stelle != stelle) or not holder:
                    continue
                if step.signoff is not None:  # a new answer replaces the Stelle's last
                    self.records.reset(db, [step.signoff.id], "ersetzt")
                self.records.add(db, key, art, step.stelle, "stellungnahme" if art ==
                                 "beteiligung" else ergebnis, kommentar, user.name,
                                 user.anzeigename, holder[1],
                                 scope_hash(draft, step.umfang, folder))
                break
            done = all(s.done for s in self.vorgang(checked).signing())
            if art == "mitzeichnung" and done:
                self.records.set_state(db, key, "mitgezeichnet")
        elif action == "freigeben":
            step = vorgang.next_release()
            holder = self._holder(user, step.stelle, vorgang.amt)
            self.records.add(db, key, "freigabe", step.stelle, "freigegeben", kommentar,
                             user.name, user.anzeigename, holder[1],
                             scope_hash(draft, None, folder))
            if self.vorgang(checked).next_release() is None:
                self.records.set_state(db, key, "freigegeben")
        else:
            target = {"anfordern": "in_mitzeichnung" if vorgang.signing() else "mitgezeichnet",
                      "freigabe_anfordern": "in_freigabe", "zurueckgeben": "zurueckgegeben",
                      "zurueckziehen": "zurueckgezogen", "wiederaufnehmen": "entwurf",
                      "finalisieren": "final"}[action]
            if action == "anfordern" and vorgang.signing() and all(
                    s.done for s in vorgang.signing()):
                target = "mitgezeichnet"  # returned for a formal defect, signed as it was
            self.records.set_state(db, key, target, kommentar)

    def _log(self, user: User | str, action: str, key: str, **data) -> None:
        name = user if isinstance(user, str) else user.name
        data = {k: v for k, v in data.items() if v is not None}
        if self.audit is not None:
            self.audit.write(name, action, key, **data)
            return
        with AuditTrail(self.project.audit_path) as audit:  # the CLI's one entry
            audit.write(name, action, key, **data)

    # --- changes --------------------------------------------------------------------
    def resets(self, old: Checked, new: Checked) -> list[str]:
        """What saving `new` over `old` would reset, as the form warns and the history
        shows: "Mitzeichnung der Kämmerei zurückgesetzt: Finanzen geändert"."""
        return [text for _, text in self._resets(old, new)]

    def _resets(self, old: Checked, new: Checked) -> list[tuple[Signoff, str]]:
        if old.draft is None or new.draft is None:
            return []
        folder = new.path.resolve().parent
        vorgang = self.vorgang(old)
        out = []
        for step in vorgang.steps + vorgang.chain:
            record = step.signoff
            if record is None:
                continue
            if scope_hash(new.draft, step.umfang, folder) == record.umfang_sha256:
                continue
            parts = changed_parts(old.draft, new.draft, step.umfang, folder) or ["inhalt"]
            what = ", ".join(PART_NAMES.get(p, "Inhalt") for p in parts)
            label = {"mitzeichnung": f"Mitzeichnung der Stelle {step.name}",
                     "beteiligung": f"Stellungnahme der Stelle {step.name}",
                     "freigabe": f"Freigabe ({step.name})"}[step.art]
            out.append((record, f"{label} zurückgesetzt: {what} geändert"))
        return out

    def saved(self, user: User, old: Checked, new: Checked, diff: str) -> list[str]:
        """Records a save: resets what it changed, moves the state back, logs the diff."""
        found = self._resets(old, new)
        with self.register.transaction() as db:
            for record, reason in found:
                self.records.reset(db, [record.id], reason)
            state = self.records.state(self.project.draft_key(new.path))[0]
            signing = any(r.art == "mitzeichnung" for r, _ in found)
            if signing and state in ("mitgezeichnet", "in_freigabe", "freigegeben"):
                self.records.set_state(db, self.project.draft_key(new.path), "in_mitzeichnung")
            elif found and state == "freigegeben":
                self.records.set_state(db, self.project.draft_key(new.path), "in_freigabe")
        key = self.project.draft_key(new.path)
        self._log(user, "speichern", key, diff=diff)
        for _, reason in found:
            self._log(user, "zurueckgesetzt", key, grund=reason)
        return [reason for _, reason in found]

    # --- finalising -----------------------------------------------------------------
    def refusal(self, checked: Checked) -> str | None:
        """Why a draft may not become final now (None: it may): it must be released, and
        every record must still cover what is written."""
        vorgang = self.vorgang(checked)
        if vorgang.state != "freigegeben":
            return (f"Die Vorlage ist {vorgang.state_name}, nicht freigegeben; final wird sie "
                    "erst nach Mitzeichnung und Freigabe auf dem Server")
        stale = self._resets(checked, checked)
        if stale:
            return "Der Entwurf wurde nach der Freigabe geändert: " + stale[0][1]
        return None

    def finalised(self, by: str, checked: Checked) -> None:
        with self.register.transaction() as db:
            self.records.set_state(db, self.project.draft_key(checked.path), "final")
        self._log(by, "finalisiert", self.project.draft_key(checked.path))

    def released_by(self, checked: Checked) -> list[dict]:
        """Who signed and released, for the register and the archive manifest."""
        vorgang = self.vorgang(checked)
        return [{"art": s.art, "stelle": s.name, "ergebnis": s.signoff.ergebnis,
                 "konto": s.signoff.konto, "fuer": s.signoff.fuer, "zeit": s.signoff.zeit}
                for s in vorgang.steps + vorgang.chain if s.signoff]


ACTIONS = {"anfordern": "Mitzeichnung anfordern", "mitzeichnen": "Mitzeichnen",
           "stellungnahme": "Stellungnahme", "freigabe_anfordern": "Freigabe anfordern",
           "freigeben": "Freigeben", "zurueckgeben": "Zurückgeben",
           "zurueckziehen": "Zurückziehen", "wiederaufnehmen": "Wieder aufnehmen",
           "finalisieren": "Finalisieren"}

