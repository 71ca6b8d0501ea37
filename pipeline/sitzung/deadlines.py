"""`vorlage sitzung status`: is every Vorlage of a session there, correct and final in time?

A Vorlage must be final a number of days before the session (the house style's deadline,
per Gremium). One that became final later is a Tischvorlage; one that is still a draft, or
missing, or has errors, is flagged too.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

from ..project import Project
from ..records import Register
from .results import beratungsstand
from .session import Session, deadline


# A Vorlage whose Beratungsfolge names the Gremium but not yet the date: the deadline of
# the session it is put on applies.
OPEN_DATE = "Termin in der Beratungsfolge offen; es gilt die Frist dieser Sitzung"
# One put off by an earlier session of the Gremium comes up again, under this deadline too.
PUT_OFF = "vertagt in der Sitzung vom {:%d.%m.%Y}; es gilt die Frist dieser Sitzung"


def hint(top) -> str:
    if top.termin_offen:
        return OPEN_DATE
    return PUT_OFF.format(top.vertagt_am) if top.vertagt_am else ""


@dataclass
class TopStatus:
    top: str
    betreff: str
    vorlage: str | None
    vorlagennummer: str | None
    vorhanden: bool
    geprueft: bool
    final: bool
    final_am: str | None
    frist: str
    status: str  # "ok", "fehlt", "fehlerhaft", "entwurf", "tischvorlage", "ohne Vorlage"
    hinweis: str = ""
    ergebnis: str | None = None  # what this session decided, once recorded
    beratungsstand: str | None = None  # "in Beratung" or "Beratungsfolge beendet"

    @property
    def problem(self) -> bool:
        return self.status not in ("ok", "ohne Vorlage")

    def as_dict(self) -> dict:
        return asdict(self)


def finalised_at(project: Project, register: Register, top) -> datetime | None:
    """When the Vorlage became final: the time its number was recorded in the register."""
    entry = register.entry_of(project.draft_key(top.draft_path))
    return datetime.fromisoformat(entry.vergeben) if entry else None


def session_status(session: Session, project: Project, register: Register) -> list[TopStatus]:
    due: date = deadline(session)
    recorded = session.recorded  # read with the session
    out = []
    for top in session.tops:
        base = dict(top=top.nummer, betreff=top.titel, vorlage=top.ref,
                    vorlagennummer=top.nummer_vorlage, frist=f"{due:%d.%m.%Y}",
                    ergebnis=top.ergebnis.printed() if top.ergebnis else None)
        draft = top.checked.draft if top.checked is not None else None
        if draft is not None:
            base["beratungsstand"] = beratungsstand(draft, recorded.get(top.draft_path, []))
        if not top.ref:
            out.append(TopStatus(**base, vorhanden=True, geprueft=True, final=True,
                                 final_am=None, status="ohne Vorlage"))
            continue
        if top.checked is None:
            out.append(TopStatus(**base, vorhanden=False, geprueft=False, final=False,
                                 final_am=None, status="fehlt"))
            continue
        ok = top.checked.ok
        when = finalised_at(project, register, top)
        final = when is not None
        if not ok:
            status = "fehlerhaft"
        elif not final:
            status = "entwurf"
        elif when.date() > due:
            status = "tischvorlage"
        else:
            status = "ok"
        out.append(TopStatus(**base, vorhanden=True, geprueft=ok, final=final,
                             final_am=when.isoformat(timespec="minutes") if when else None,
                             status=status, hinweis=hint(top)))
    return out
