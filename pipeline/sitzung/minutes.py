"""`vorlage sitzung niederschrift` and `vorlage sitzung auszug`: the minutes of a session and
the certified extracts of its decisions, from what the session file records.

The Niederschrift for the members holds both parts. The public one is made from public
material only: a closed TOP keeps its number and its public title, nothing of its Vorlage,
result or vermerk; so it holds nothing of the closed part and may be published. A Beschluss-
auszug prints one TOP (or several) for an Amt or a later body; a closed TOP's extract is for
those who may read it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, UserError
from ..files import atomic_save, file_hash
from ..pdf import Converter
from ..project import Project
from ..records import Archive, Register, current_user, minutes_record, store_minutes
from ..render import (Attendee, Minutes, MinutesItem, plain_text, render_minutes, texts_of)
from .attendance import period_of, top_key
from .session import Session, Top

# The files `vorlage sitzung niederschrift` writes; the second may reach anyone (it is one of
# packet.PUBLIC_FILES).
MINUTES_FILES = ("Niederschrift.pdf", "Niederschrift-oeffentlich.pdf")
_WORDS = re.compile(r"\s+|[^\s]+")
SIMILAR = 0.5  # below this share of words in common, the decided wording stands on its own


@dataclass
class MinutesOutput:
    niederschrift: Path
    oeffentlich: Path


def wording(proposed: str, decided: str) -> tuple[tuple[str, str], ...]:
    """The decided wording as pieces marked against the proposal: "=" kept, "+" added, "-"
    struck, word by word."""
    old, new = _WORDS.findall(proposed), _WORDS.findall(decided)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    if matcher.ratio() < SIMILAR:  # a new wording, not an amended one: marks would hide it
        return (("+", decided),)
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(("=", "".join(new[j1:j2])))
            continue
        struck = "".join(old[i1:i2]).strip()
        if struck:  # a space after it, so it does not run into what replaces it
            out.append(("-", struck + (" " if j2 > j1 else "")))
        if j2 > j1:
            out.append(("+", "".join(new[j1:j2])))
    return tuple((m, t) for m, t in out if t)


def proposal_text(top: Top) -> str:
    """The Beschlussvorschlag of a TOP's Vorlage as plain text ("" without one)."""
    draft = top.checked.draft if top.checked is not None else None
    if draft is None or draft.beschlussvorschlag is None:
        return ""
    return "\n".join(t for t in texts_of(draft.beschlussvorschlag.model_dump()) if t)


def _item(top: Top, public: bool, hidden: str) -> MinutesItem:
    if public and not top.public:  # nothing of the closed part: number and public title
        return MinutesItem(top.nummer, top.teil, top.oeffentlicher_titel or hidden)
    result = top.ergebnis
    if result is None:
        return MinutesItem(top.nummer, top.teil, top.titel, top.nummer_vorlage)
    printed = result.printed() + (f" – {result.hinweis}" if result.hinweis else "")
    proposal = proposal_text(top)
    pieces: tuple = ()
    if result.text:
        pieces = wording(proposal, plain_text(result.text)) if proposal else \
            (("=", plain_text(result.text)),)
    elif proposal and result.status == "beschlossen":
        pieces = (("=", proposal),)
    return MinutesItem(top.nummer, top.teil, top.titel, top.nummer_vorlage, printed, pieces,
                       result.vermerk, tuple(top.befangen))


def minutes_of(session: Session, project: Project, public: bool = False) -> Minutes:
    """The Niederschrift as plain data; `public`: without anything of the closed part."""
    data, labels = session.data, session.style.labels
    period = period_of(session, project)
    groups: dict[str, list[Attendee]] = {"anwesend": [], "entschuldigt": [], "abwesend": [],
                                         "weitere": []}
    chair = data.vorsitz
    for person in data.anwesenheit or ():
        member = period.member(person.name) if period else None
        notes = [person.funktion or (member.fraktion if member else None)]
        if member is not None and member.rolle not in ("Mitglied",):
            notes.append(member.rolle)
            if member.rolle == "Vorsitz" and person.status == "anwesend" and chair is None:
                chair = member.name
        notes += [f"ab {person.ab}" if person.ab else None,
                  f"bis {person.bis}" if person.bis else None,
                  f"in Vertretung für {person.vertritt}" if person.vertritt else None]
        key = "weitere" if person.funktion else person.status
        groups[key].append(Attendee(person.name, ", ".join(n for n in notes if n)))
    state = data.niederschrift
    hidden = labels["nichtoeffentlicher_top"]
    approved = f"in der Sitzung vom {state.genehmigt_am:%d.%m.%Y}" \
        if state and state.genehmigt_am else None
    return Minutes(session.style, data.gremium, data.datum, data.ort, data.beginn or data.uhrzeit,
                   data.ende, chair, data.schriftfuehrung,
                   tuple(_item(t, public, hidden) for t in session.tops),
                   anwesend=tuple(groups["anwesend"]), entschuldigt=tuple(groups["entschuldigt"]),
                   abwesend=tuple(groups["abwesend"]), weitere=tuple(groups["weitere"]),
                   stand=state.status if state else "Entwurf", public=public,
                   genehmigt=approved,
                   berichtigungen=tuple(state.berichtigungen) if state and not public else ())


def _check(session: Session) -> None:
    problems = [p for p in session.problems if p.is_error]
    if problems:
        raise UserError(problems)
    if not any(t.ergebnis for t in session.tops):
        raise UserError(session.loaded.problem(
            (), "die Sitzungsdatei trägt noch keine Ergebnisse (`ergebnis:` je TOP); ohne sie "
                "gibt es keine Niederschrift"))


def resolution_text(top: Top) -> str | None:
    """What the body decided, as text: the decided wording, else the proposal when it was
    decided as proposed."""
    result = top.ergebnis
    if result is None:
        return None
    if result.text:
        return plain_text(result.text)
    return proposal_text(top) or None if result.status == "beschlossen" else None


def minutes_pdf(minutes: Minutes, converter: Converter, out: Path, only=None) -> Path:
    """The Niederschrift (or, with `only`, the Beschlussauszug of those TOPs) as PDF/A."""
    return _pdf(minutes, converter, out, only)


def _pdf(minutes: Minutes, converter: Converter, out: Path, only=None) -> Path:
    docx = out.with_name(f".{out.stem}.docx")
    pdf = out.with_name(f".{out.stem}.tmp.pdf")
    try:
        render_minutes(minutes, docx, only)
        converter.convert(docx, pdf, tagged=True, pdfa=True)
        atomic_save(lambda p: Path(p).write_bytes(pdf.read_bytes()), out)
    finally:
        docx.unlink(missing_ok=True)
        pdf.unlink(missing_ok=True)
    return out


def build_minutes(session: Session, project: Project, out_dir: Path) -> MinutesOutput:
    """Niederschrift.pdf and Niederschrift-oeffentlich.pdf in `out_dir`."""
    _check(session)
    out_dir.mkdir(parents=True, exist_ok=True)
    with Converter(1, limits=project.limits) as converter:
        full = _pdf(minutes_of(session, project), converter, out_dir / MINUTES_FILES[0])
        public = _pdf(minutes_of(session, project, public=True), converter,
                      out_dir / MINUTES_FILES[1])
    return MinutesOutput(full, public)


def extract_indices(session: Session, wanted: tuple[str, ...]) -> list[int]:
    """The TOPs named (`Ö5`, `"Ö 5"`, `N 1`), or every TOP with a result; UserError naming a
    TOP the session does not have or that has no result yet."""
    if not wanted:
        return [i for i, t in enumerate(session.tops) if t.ergebnis]
    index = {top_key(t.nummer): i for i, t in enumerate(session.tops)}
    out, problems = [], []
    for name in wanted:
        i = index.get(top_key(name))
        if i is None:
            known = ", ".join(t.nummer for t in session.tops if t.ergebnis)
            problems.append(f"TOP „{name}“ gibt es in dieser Sitzung nicht; mit Ergebnis: "
                            f"{known or 'keiner'}")
        elif session.tops[i].ergebnis is None:
            problems.append(f"TOP {session.tops[i].nummer} hat noch kein Ergebnis")
        else:
            out.append(i)
    if problems:
        raise UserError([Problem(str(session.path), None, None, "", p) for p in problems])
    return out


def extract_name(top: Top) -> str:
    """`Beschlussauszug-Oe-4.pdf`: the TOP's number, safe as a file name."""
    number = re.sub(r"[^0-9A-Za-z.]+", "-", top.nummer.replace("Ö", "Oe")).strip("-")
    return f"Beschlussauszug-{number}.pdf"


def build_extracts(session: Session, project: Project, out_dir: Path,
                   wanted: tuple[str, ...] = ()) -> list[Path]:
    """One Beschlussauszug per TOP named (default: each TOP with a result)."""
    _check(session)
    indices = extract_indices(session, wanted)
    out_dir.mkdir(parents=True, exist_ok=True)
    minutes = minutes_of(session, project)
    with Converter(1, limits=project.limits) as converter:
        return [_pdf(minutes, converter, out_dir / extract_name(session.tops[i]), (i,))
                for i in indices]


def finalise_minutes(session: Session, project: Project, out_dir: Path,
                     by: str | None = None) -> tuple[MinutesOutput, bool]:
    """The approved Niederschrift, archived write-once (PDF/A, its public version and the
    session file); copies of the archived files in `out_dir`. (output, False) when it was
    archived before from this very session file; UserError before anything is built when
    it is not approved yet or was archived from another version of the file."""
    state = session.data.niederschrift
    if state is None or state.status != "genehmigt":
        raise UserError(session.loaded.problem(
            ("niederschrift",) if state else (),
            "final wird erst die genehmigte Niederschrift: `niederschrift: {status: "
            "genehmigt, genehmigt_am: TT.MM.JJJJ}` (genehmigt vom Gremium in einer späteren "
            "Sitzung)"))
    with Register(project.register_path) as register:
        archive = Archive(register, project.archive_dir, project.root)
        held = minutes_record(archive, session.name)
        if held is not None and held.sitzung_sha256 != file_hash(session.path):
            raise UserError(session.loaded.problem(
                (), f"die Niederschrift wurde am {held.zeit[:10]} final archiviert; die "
                    "Sitzungsdatei ist seither geändert. Eine archivierte Niederschrift wird "
                    "nie ersetzt; Berichtigungen beschließt eine spätere Sitzung"))
        if held is None:
            built = build_minutes(session, project, out_dir)
            about = {"gremium": session.data.gremium, "datum": session.data.datum.isoformat(),
                     "hausstil": session.style.key,
                     "genehmigt_am": state.genehmigt_am.isoformat(),
                     "finalisiert_von": current_user(by)}
            stored = store_minutes(archive, session.name, built.niederschrift,
                                   built.oeffentlich, session.path, about)
            held = minutes_record(archive, session.name)
        else:
            stored = False
        out_dir.mkdir(parents=True, exist_ok=True)
        output = MinutesOutput(out_dir / MINUTES_FILES[0], out_dir / MINUTES_FILES[1])
        for target, (datei, sha, _) in zip((output.niederschrift, output.oeffentlich),
                                           held.files()[:2], strict=True):
            data = archive.read(datei, sha)  # what is handed out is what is archived
            atomic_save(lambda p, d=data: Path(p).write_bytes(d), target)
    return output, stored


def current_minutes(session: Session, project: Project, out_dir: Path) -> MinutesOutput:
    """The Niederschrift as it stands: the archived files once it is archived (never a new
    rendering of a final), else a fresh Entwurf."""
    with Register(project.register_path) as register:
        held = minutes_record(Archive(register, project.archive_dir, project.root),
                              session.name)
    if held is not None:
        return finalise_minutes(session, project, out_dir)[0]
    return build_minutes(session, project, out_dir)
