"""What a year offers: Vorgänge from the archive's own records, the published declared
fields of a public Vorlage only, every field of a closed one, classified; a public final
with something closed in it goes beside its publication copy; IDs stay the same."""

from datetime import date

from helpers import DECLARED_DRAFT, declared_style, run

from pipeline.aussonderung.records import object_id, year_vorgaenge
from pipeline.records import Archive, Register


def test_public_vorlagen_carry_published_fields_and_closed_ones_their_classification(
        project, write_draft):
    declared_style(project.root / "templates")
    write_draft("offen.yaml", DECLARED_DRAFT)
    write_draft("geschlossen.yaml", DECLARED_DRAFT.replace(
        "vorlagenart: Beschlussvorlage\n", "vorlagenart: Beschlussvorlage\noeffentlich: nein\n")
        .replace("    zustaendigkeit: Entscheidung\n",
                 "    zustaendigkeit: Entscheidung\n    oeffentlich: nein\n"))
    built = run(["build", "--final", "drafts/"], project.root)
    assert built.returncode == 0, built.stderr
    year = date.today().year  # the style dates a final on its day
    with Register(project.register_path) as register:
        archive = Archive(register, project.archive_dir, project.root)
        found = year_vorgaenge(project, archive, year, "05711000", "Büro des Rates")
        again = year_vorgaenge(project, archive, year, "05711000", "Büro des Rates")
        assert year_vorgaenge(project, archive, year - 1, "05711000", "x") == []
        records = {r.entwurf: r for r in archive.records()}
    assert [v.id for v in found] == [v.id for v in again]  # derived, not drawn
    by_number = {v.kennzeichen: v for v in found}
    public = by_number[records["drafts/offen.yaml"].nummer]
    closed = by_number[records["drafts/geschlossen.yaml"].nummer]
    # The public Vorlage's full final holds its unpublished fields: the Vorgang is as
    # classified as its least open document; its metadata are the published fields only.
    assert not public.offen and not closed.offen and public.felder["oeffentlich"] == "true"
    assert "Anlass" in public.felder and "Verfasser" not in public.felder  # unpublished
    assert "Interne Vermerke" not in public.felder
    assert closed.felder["Verfasser"] and closed.felder["oeffentlich"] == "false"
    # The full final holds the unpublished fields: classified; its copy is the public one.
    assert [(d.offen, d.datei.endswith(".oeffentlich.pdf")) for d in public.dokumente] == [
        (False, False), (True, True)]
    assert [d.offen for d in closed.dokumente] == [False]
    assert all(d.name.startswith(d.id + "_") for v in found for d in v.dokumente)
    assert public.id == object_id("05711000", "vorlage", public.kennzeichen)
