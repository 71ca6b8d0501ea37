"""Rules across fields, beyond what the schema alone can say.

Each rule returns problems positioned at the field they concern. Errors stop a build;
warnings are shown and do not.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_currency

from ..errors import Problem, meinten_sie
from ..haus import HouseStyle, compute, failures, form_values
from ..pdf import Limits, check_anlage, resolve_anlage
from ..schema import DECIDED, Anlage, Beratung, Draft, Loaded

WORDS_PER_PAGE = 380  # Arial 11 pt on A4 with DIN 5008 margins, measured on the seed drafts


def check_draft(draft: Draft, loaded: Loaded, style: HouseStyle,
                drafts_root: Path, limits: Limits = Limits()) -> list[Problem]:
    problems: list[Problem] = []
    for rule in (_vorlagenart, _number_fields, _beratungsfolge, _confidentiality, _summary,
                 _finances):
        problems.extend(rule(draft, loaded, style))
    problems.extend(anlage_problems(list(enumerate(draft.anlagen)), loaded, drafts_root,
                                    limits, style.config.anlagen_zaehlung))
    return problems


def _vorlagenart(draft: Draft, loaded: Loaded, style: HouseStyle):
    art = style.art(draft.vorlagenart)
    if art is None:
        names = [a.name for a in style.config.vorlagenarten]
        hint = meinten_sie(draft.vorlagenart, names, cutoff=0.8)
        yield loaded.problem(("vorlagenart",), f"„{draft.vorlagenart}“ gibt es im Hausstil "
                                               f"{style.key} nicht; {hint + ' ' if hint else ''}"
                                               f"erlaubt: {', '.join(names)}")
    elif art.beschluss and draft.beschlussvorschlag is None:
        yield loaded.problem(("beschlussvorschlag",),
                             f"eine {art.name} braucht einen Beschlussvorschlag")


def _number_fields(draft: Draft, loaded: Loaded, style: HouseStyle):
    """The numbering pattern can be filled: a typed number fits, the values it prints exist."""
    pattern = style.pattern
    if draft.vorlagennummer:
        # A number of an older scheme is a real one (Pattern.read): registered outside the
        # series, said so that a typo shows.
        if pattern.read(draft.vorlagennummer, draft.bezug).herkunft == "frueher":
            yield loaded.problem(("vorlagennummer",),
                                 f"„{draft.vorlagennummer}“ passt nicht zum Nummernschema "
                                 f"{pattern.text} des Hausstils {style.key}; sie wird als "
                                 "Nummer einer früheren Vorlage (vor dem Werkzeug) "
                                 "eingetragen, außerhalb der Zählung", "warning")
        return
    missing = pattern.needed_values() - set(style.number_values(draft))
    if "amt" in missing:
        yield loaded.problem(("amt_kennziffer",), f"das Nummernschema {pattern.text} braucht "
                                                  "`amt_kennziffer`")
    if "gremium" in missing and not draft.beratungsfolge:
        yield loaded.problem(("beratungsfolge",), f"das Nummernschema {pattern.text} braucht "
                                                  "das Gremium der ersten Beratung; die "
                                                  "Beratungsfolge ist noch leer")
    elif "gremium" in missing:
        gremium = draft.beratungsfolge[0].gremium
        yield loaded.problem(("beratungsfolge", 0, "gremium"),
                             f"das Nummernschema {pattern.text} braucht ein Kürzel für "
                             f"„{gremium}“ (im Hausstil {style.key} unter `gremien`)")
    if "wahlperiode" in missing:
        yield loaded.problem(("datum",), f"das Datum liegt in keiner Wahlperiode des Hausstils "
                                         f"{style.key} (Nummernschema {pattern.text})")
    if "art" in missing and style.art(draft.vorlagenart) is not None:
        yield loaded.problem(("vorlagenart",), f"das Nummernschema {pattern.text} braucht ein "
                                               f"`kuerzel` für die Vorlagenart "
                                               f"{draft.vorlagenart} (im Hausstil {style.key})")


def sitzung_order(steps: list[tuple[int, Beratung]], loaded: Loaded):
    """Dated steps in time order; a step whose session is not known yet is left out."""
    dated = [(i, b) for i, b in steps if b.sitzung is not None]
    for (_, before), (i, step) in zip(dated, dated[1:], strict=False):
        if step.sitzung < before.sitzung:
            yield loaded.problem(
                ("beratungsfolge", i, "sitzung"),
                f"Beratungsfolge nicht in zeitlicher Reihenfolge: {step.gremium} am "
                f"{step.sitzung:%d.%m.%Y} liegt vor {before.gremium} am "
                f"{before.sitzung:%d.%m.%Y}")


def _beratungsfolge(draft: Draft, loaded: Loaded, style: HouseStyle):
    steps = draft.beratungsfolge
    if not steps:
        yield loaded.problem(("beratungsfolge",), "die Beratungsfolge ist noch leer; final "
                                                  "werden kann die Vorlage erst mit "
                                                  "mindestens einem Gremium", "warning")
    yield from sitzung_order(list(enumerate(steps)), loaded)
    deciding = [i for i, b in enumerate(steps) if b.entscheidend]
    if deciding and deciding[-1] != len(steps) - 1:
        i = deciding[-1]
        yield loaded.problem(("beratungsfolge", i, "zustaendigkeit"),
                             f"das entscheidende Gremium ({steps[i].gremium}) steht nicht am "
                             "Ende der Beratungsfolge", "warning")
    for i, step in enumerate(steps):
        if draft.datum and step.sitzung and step.sitzung < draft.datum:
            yield loaded.problem(("beratungsfolge", i, "sitzung"),
                                 f"Sitzung am {step.sitzung:%d.%m.%Y} liegt vor dem Datum der "
                                 f"Vorlage ({draft.datum:%d.%m.%Y})", "warning")
        if step.ergebnis is not None:
            yield from _result(i, step, loaded)


def _result(i: int, step: Beratung, loaded: Loaded):
    """A result recorded in the draft belongs to a session that has taken place."""
    where = ("beratungsfolge", i, "ergebnis")
    if step.sitzung is None:
        yield loaded.problem(where, f"Ergebnis ohne Sitzungstermin: wann hat {step.gremium} "
                                    "beraten? (`sitzung:` eintragen)", "warning")
    elif step.sitzung > date.today():
        yield loaded.problem(where, f"Ergebnis für eine Sitzung, die noch nicht war "
                                    f"({step.sitzung:%d.%m.%Y})", "warning")
    votes = step.ergebnis.abstimmung
    if votes is not None and votes.art == "Stimmen" and votes.ja is not None \
            and votes.nein is not None:
        passed = votes.ja > votes.nein
        if (step.ergebnis.status == "abgelehnt" and passed) or (
                step.ergebnis.status in DECIDED
                and not passed):
            yield loaded.problem(where, f"{step.ergebnis.status} bei {votes.ja} Ja- und "
                                        f"{votes.nein} Nein-Stimmen?", "warning")


def beratung_for_final(draft: Draft, loaded: Loaded) -> Problem | None:
    """A final Vorlage goes to at least one body; a draft may still leave that open."""
    if draft.beratungsfolge:
        return None
    return loaded.problem(("beratungsfolge",), "eine finale Vorlage braucht mindestens ein "
                                               "Gremium in der Beratungsfolge")


def _confidentiality(draft: Draft, loaded: Loaded, style: HouseStyle):
    if draft.oeffentlich:
        return
    for i, step in enumerate(draft.beratungsfolge):
        if step.oeffentlich:
            yield loaded.problem(("beratungsfolge", i, "oeffentlich"),
                                 f"nichtöffentliche Vorlage in öffentlicher Sitzung "
                                 f"({step.gremium}); hier `oeffentlich: nein` setzen")


def _summary(draft: Draft, loaded: Loaded, style: HouseStyle):
    limit = style.config.zusammenfassung_ab_seiten
    if not draft.begruendung or draft.zusammenfassung or not limit:
        return
    pages = len(draft.begruendung.split()) / WORDS_PER_PAGE
    if pages > limit:
        yield loaded.problem(("begruendung",),
                             f"Begründung ist etwa {pages:.1f} Seiten lang; bitte eine kurze "
                             "Zusammenfassung (`zusammenfassung`) voranstellen", "warning")


def _finances(draft: Draft, loaded: Loaded, style: HouseStyle):
    """The finance form's declared checks, each at the line of the value it names."""
    yield from _points_with_plans(draft, loaded, style)
    if draft.finanzen is None:
        return
    form = style.config.finance_form
    for failure in failures(form, compute(form, form_values(form, draft.finanzen))):
        yield loaded.problem(failure.path, failure.message(_shown),
                             "warning" if failure.check.art == "warnung" else "error")


def _shown(value) -> str:
    """A value in a message: amounts with cents, whatever the style prints."""
    if isinstance(value, Decimal):
        return format_currency(value, "EUR", locale="de_DE")
    if isinstance(value, date):
        return format_date(value, "dd.MM.yyyy", locale="de_DE")
    return "" if value is None else str(value)


def _points_with_plans(draft: Draft, loaded: Loaded, style: HouseStyle):
    """A point with `finanzen: ja` prints the form's rows for points, so there must be
    some (also when the draft has no `finanzen` at all, or the point is in an Empfehlung)."""
    vorschlag = draft.beschlussvorschlag
    if vorschlag is None:
        return
    places = [(("beschlussvorschlag", "punkte", i, "finanzen"), p)
              for i, p in enumerate(vorschlag.punkte)]
    places += [(("beschlussvorschlag", "empfehlungen", j, "punkte", i, "finanzen"), p)
               for j, part in enumerate(vorschlag.empfehlungen)
               for i, p in enumerate(part.punkte)]
    flagged = [loc for loc, point in places if point.finanzen]
    if not flagged:
        return
    form = style.config.finance_form
    rows = form.rows("beschlusspunkt")
    values = form_values(form, draft.finanzen).model_dump() if draft.finanzen is not None \
        else {}
    if not rows:
        reason = (f"das Finanzformular des Hausstils „{style.key}“ druckt nichts unter "
                  "Beschlusspunkten")
    elif any(values.get(row.schluessel) not in (None, []) for row in rows):
        return
    else:
        reason = f"`finanzen.{rows[0].schluessel}` ist leer"
    for loc in flagged:
        yield loaded.problem(loc, f"der Punkt hat `finanzen: ja`, aber {reason}")


def anlage_problems(items: list[tuple[int, Anlage]], loaded: Loaded, drafts_root: Path,
                    limits: Limits = Limits(), zaehlung: str = "1"):
    """Each Anlage's file, and numbers that are not doubled: the number names the Anlage
    in the list, on its stamp and in the archive."""
    draft_dir = loaded.path.resolve().parent
    named: dict[str, tuple[int, Anlage]] = {}
    for i, anlage in items:
        nr = anlage.nr or Anlage.counted(i + 1, zaehlung)
        if nr in named:
            j, first = named[nr]
            # Two counted ones never meet: the clash is at the number someone typed.
            yield loaded.problem(("anlagen", i if anlage.nr else j, "nr"),
                                 f"Anlage {nr} gibt es zweimal („{first.titel}“ und "
                                 f"„{anlage.titel}“); jede Anlage braucht ihre eigene Nummer")
        named.setdefault(nr, (i, anlage))
        if anlage.datei is None:
            continue  # listed by its title only
        path, reason = resolve_anlage(anlage.datei, draft_dir, drafts_root)
        if path is not None:
            reason = check_anlage(path, limits)
        if reason:
            yield loaded.problem(("anlagen", i, "datei"), reason)
