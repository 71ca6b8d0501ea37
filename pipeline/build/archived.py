"""Final Vorlagen already archived: never built again.

A final build finds an archived Vorlage unchanged (a changed house style is no reason to
rebuild it) or refuses its changed draft with the pointer to `vorlage amend`. Copies for
packets and publication are the archived files themselves: the final for members, the
publication copy archived beside it for the public, checked against their hashes.
"""

from __future__ import annotations

import json

from ..check import Checked, changed_final
from ..errors import UserError
from ..files import file_hash
from ..project import Project
from ..records import Archive, Record
from ..render import Numbering, visible
from .inputs import archive_inputs
from .options import BuildOptions
from .outcome import Outcome, Status


def archived_outcome(c: Checked, numbering: Numbering, archive: Archive, project: Project,
                     options: BuildOptions) -> Outcome | None:
    """A final Vorlage already in the archive is never built again: a final build finds
    it unchanged (or refuses a changed draft), copies for packets and publication are
    the archived files themselves. None when it is not archived (yet)."""
    record = archive.record(numbering.nummer)
    if record is None:
        return None
    changed = record.entwurf_sha256 != file_hash(c.path)
    problems = list(c.problems)
    if changed and options.archives:
        raise UserError(changed_final(c, numbering.nummer))
    if changed:
        problems.append(c.loaded.problem(
            (), f"Entwurf seit der Finalisierung geändert; verwendet wird die archivierte "
                f"Fassung von {numbering.nummer}", "warning"))
    datei, sha = record.datei, record.sha256
    if options.public:
        hashes = archive_inputs(c, project)[1]
        copy = publication_copy(record, c, changed or record.anlagen_sha256 != hashes,
                                json.loads(hashes))
        if copy is None:  # finalised before copies were archived: built from the same
            return None   # inputs, which the unchanged draft and Anlagen show
        datei, sha = copy
    gone = archive.handed_over_note(datei)
    if gone and options.archives:  # nothing to build, and no local copy to hand out
        return Outcome(c.path, Status.UNVERAENDERT, nummer=numbering.nummer,
                       problems=[*problems, c.loaded.problem((), gone, "info")])
    return Outcome(c.path, Status.UNVERAENDERT, output=archive.verified(datei, sha),
                   nummer=numbering.nummer, problems=problems)


def publication_copy(record: Record, c: Checked, changed: bool,
                     hashes: list[str]) -> tuple[str, str] | None:
    """(file, sha256) of the archived publication copy of a final; None when it must be
    built (finals archived before the archive kept copies, from an unchanged draft and
    Anlagen: `changed` says whether either differs). An Anlage that was public at
    finalisation and is marked nichtöffentlich since stops the publication: the archived copy
    cannot be changed, and publishing it would publish what is now closed."""
    closed_now = {h for a, h in zip(c.draft.anlagen, hashes, strict=True)
                  if not a.oeffentlich and h}  # "": listed by title, no file to compare
    for anlage in json.loads(record.anlagen or "[]"):
        if anlage["oeffentlich"] and anlage["sha256"] in closed_now:
            raise UserError(c.loaded.problem(
                ("anlagen",), f"Anlage „{anlage['titel']}“ ist in der archivierten Fassung von "
                              f"{record.nummer} öffentlich, im Entwurf jetzt nichtöffentlich; "
                              "die Vorlage wird nicht veröffentlicht. Eine Änderungsvorlage "
                              f"(vorlage amend {record.nummer}) ersetzt sie"))
    for key, value in (json.loads(record.felder) if record.felder else {}).items():
        if value.get("oeffentlich") and not visible(c.style, key, public=True):
            raise UserError(c.loaded.problem(
                ("felder",), f"„{value['beschriftung']}“ ist in der archivierten Fassung von "
                             f"{record.nummer} veröffentlicht, im Hausstil jetzt nicht; die "
                             "Vorlage wird nicht veröffentlicht. Eine Änderungsvorlage "
                             f"(vorlage amend {record.nummer}) ersetzt sie"))
    if record.oeffentlich == 0:
        raise UserError(c.loaded.problem(
            ("oeffentlich",), f"Vorlage {record.nummer} ist nichtöffentlich archiviert und "
                              "wird nicht veröffentlicht"))
    if record.kopie_datei:
        return record.kopie_datei, record.kopie_sha256
    if changed:
        raise UserError(c.loaded.problem(
            (), f"Vorlage {record.nummer} wurde vor der Veröffentlichungskopie archiviert und "
                "ihr Entwurf oder ihre Anlagen haben sich seitdem geändert; die öffentliche "
                "Fassung lässt sich nicht mehr aus denselben Eingaben bilden"))
    if not c.draft.oeffentlich:
        raise UserError(c.loaded.problem(("oeffentlich",), "nichtöffentliche Vorlage"))
    from .steps import needs_copy  # steps pulls in the PDF work, not needed up to here

    if not needs_copy(c):
        return record.datei, record.sha256  # nothing closed in it: the final is the copy
    return None
