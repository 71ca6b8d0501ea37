"""A house style's draft model: declared fields checked like built-in ones, the style's own
required fields, one model per version of the style."""

import itertools
import tempfile
from pathlib import Path

import pytest

from helpers import DECLARED_DRAFT, MINIMAL, declared_style
from pipeline.errors import UserError
from pipeline.haus import Wahl, draft_model, load_style_folder
from pipeline.schema import Loaded, load_yaml, validate

_NR = itertools.count()


def loaded(text: str) -> Loaded:
    """Read as `check` reads a draft (plain scalars stay text: `12.500` is not a float)."""
    path = Path(tempfile.gettempdir()) / f"modell-{next(_NR)}.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        return load_yaml(path, "Entwurf")
    finally:
        path.unlink()


@pytest.fixture
def style(tmp_path):
    return load_style_folder(declared_style(tmp_path))


def messages(style, text: str) -> str:
    with pytest.raises(UserError) as caught:
        validate(loaded(text), draft_model(style))
    return "\n".join(f"{p.field}: {p.message}" for p in caught.value.problems)


def test_declared_values_are_typed(style):
    draft = validate(loaded(DECLARED_DRAFT), draft_model(style))
    assert draft.feld("klimarelevanz") == Wahl(wahl="ja", text="Bäume spenden Schatten")
    assert [c.wahl for c in draft.feld("anlass")] == ["stadtratsbeschluss", "sonstiges"]
    assert str(draft.feld("kosten")) == "12500.50" and str(draft.feld("flaeche")) == "1.5"
    assert draft.feld("frist").isoformat() == "2030-12-31"
    assert draft.datum is None  # the style does not require it
    assert draft.feld("eilig") is None and draft.feld("gibtsnicht") is None


def test_a_single_choice_may_stand_for_a_list(style):
    text = DECLARED_DRAFT.replace("  anlass: [stadtratsbeschluss, {wahl: sonstiges, text: "
                                  "Bürgerantrag vom Mai}]", "  anlass: stadtratsbeschluss")
    assert [c.wahl for c in validate(loaded(text), draft_model(style)).feld("anlass")] == [
        "stadtratsbeschluss"]


def test_wrong_declared_values_get_german_messages(style):
    text = DECLARED_DRAFT.replace("{wahl: ja, text: Bäume spenden Schatten}", "jein") \
        .replace("stadtratsbeschluss, {wahl: sonstiges", "stadtratsbeschlus, {wahl: "
                 "rechtliche_vorschrift") \
        .replace("frist: 31.12.2030", "frist: 31.02.2030").replace("kosten: 12.500,50",
                                                                  "kosten: 12.500") \
        .replace("  verfasser: Erika Mustermann\n", "  verfassser: Erika Mustermann\n")
    found = messages(style, text)
    assert "felder.klimarelevanz: „jein“ ist keine Möglichkeit von „Klimarelevanz“; meinten " \
        "Sie „nein“?" in found
    assert "felder.anlass[1]: „stadtratsbeschlus“ ist keine Möglichkeit von „Anlass“; meinten " \
        "Sie „stadtratsbeschluss“?" in found
    assert "felder.anlass[2]: „Rechtliche Vorschrift“ hat keinen eigenen Text" in found
    assert "felder.frist: dieses Datum gibt es nicht" in found
    assert "felder.kosten: '12.500' ist mehrdeutig" in found
    assert "felder.verfassser: unbekanntes Feld; meinten Sie „verfasser“?" in found
    assert "felder.verfasser: Pflichtfeld fehlt (Verfasser)" in found


def test_numbers_too_large_or_ambiguous_and_an_empty_required_group(style):
    text = DECLARED_DRAFT.replace("kosten: 12.500,50", "kosten: 1e30") \
        .replace("flaeche: 1,5", "flaeche: 1.500") \
        .replace("  anlass: [stadtratsbeschluss, {wahl: sonstiges, text: Bürgerantrag vom Mai}]",
                 "  anlass: []")
    folder = style.folder
    haus = folder / "haus.yaml"
    haus.write_text(haus.read_text(encoding="utf-8").replace(
        "    beschriftung: Anlass\n", "    beschriftung: Anlass\n    pflicht: ja\n"),
        encoding="utf-8")
    found = messages(load_style_folder(folder), text)
    assert "felder.kosten: zu groß: '1e30'" in found
    assert "felder.flaeche: '1.500' ist mehrdeutig: 1500 (ohne Tausenderpunkt) oder 1,500" \
        in found
    assert "felder.anlass: „Anlass“: mindestens eines ankreuzen" in found


def test_a_rule_reads_the_file_and_the_model_alike():
    from pipeline.haus import FeldBedingung

    rule = FeldBedingung(feld="eilig", ist="ja")
    assert rule.met("Ja") and rule.met(True) and not rule.met("nein") and not rule.met(None)
    choice = FeldBedingung(feld="anlass", ist="sonstiges")
    assert choice.met([{"wahl": "sonstiges", "text": "x"}]) and choice.met(["Sonstiges"])
    assert choice.met([Wahl(wahl="sonstiges")]) and not choice.met(["stadtratsbeschluss"])


def test_a_declared_ja_nein_takes_only_ja_or_nein(style):
    text = DECLARED_DRAFT.replace("  frist:", "  eilig: öffentlich\n  frist:")
    assert "felder.eilig: erwartet ja oder nein" in messages(style, text)


def test_a_label_in_beschriftungen_wins_over_the_declarations_own(tmp_path):
    folder = declared_style(tmp_path)
    haus = folder / "haus.yaml"
    haus.write_text(haus.read_text(encoding="utf-8") + "beschriftungen: {verfasser: Autorin}\n",
                    encoding="utf-8")
    assert load_style_folder(folder).labels_for("Mitteilungsvorlage")["verfasser"] == "Autorin"


def test_doubled_ticks_and_required_built_ins(style):
    text = DECLARED_DRAFT.replace("[stadtratsbeschluss, {wahl: sonstiges, text: Bürgerantrag "
                                  "vom Mai}]", "[stadtratsbeschluss, stadtratsbeschluss]") \
        .replace("aktenzeichen: 61.2-17\n", "")
    found = messages(style, text)
    assert "felder.anlass: doppelt angekreuzt: stadtratsbeschluss" in found
    assert "aktenzeichen: Pflichtfeld fehlt" in found  # the style requires it


def test_a_style_without_declarations_takes_no_felder(style):
    from pipeline.haus import bundled_styles, load_house_style

    standard = load_house_style("standard", [bundled_styles()])
    assert validate(loaded(MINIMAL), draft_model(standard)).datum is not None
    found = messages(standard, MINIMAL + "felder:\n  klimarelevanz: ja\n")
    assert "felder.klimarelevanz: unbekanntes Feld" in found
    assert "datum: Pflichtfeld fehlt" in messages(standard, MINIMAL.replace(
        "datum: 01.02.2024\n", ""))


def test_one_model_per_version_of_a_style(tmp_path):
    folder = declared_style(tmp_path)
    first = draft_model(load_style_folder(folder))
    assert draft_model(load_style_folder(folder)) is first
    text = (folder / "haus.yaml").read_text(encoding="utf-8")
    (folder / "haus.yaml").write_text(text.replace("Fläche in ha", "Fläche (ha)"),
                                      encoding="utf-8")
    assert draft_model(load_style_folder(folder)) is not first


ROLES = """\
rollen:
  - name: Empfehlung
  - name: Beschluss
    text: Beschlussfassung
    entscheidend: ja
"""


def test_the_roles_of_a_house_style(tmp_path):
    folder = declared_style(tmp_path)
    (folder / "haus.yaml").write_text((folder / "haus.yaml").read_text(encoding="utf-8")
                                      + ROLES, encoding="utf-8")
    style = load_style_folder(folder)
    text = DECLARED_DRAFT.replace("zustaendigkeit: Entscheidung", "zustaendigkeit: Beschluss") \
        .replace("beratungsfolge:\n", "beratungsfolge:\n  - gremium: Bauausschuss\n")
    draft = validate(loaded(text), draft_model(style))
    first, last = draft.beratungsfolge[0], draft.beratungsfolge[-1]
    assert first.zustaendigkeit == "Empfehlung" and not first.entscheidend  # the first role
    assert last.entscheidend and draft.entscheidung is last
    assert style.rolle("Beschluss").printed == "Beschlussfassung"
    assert style.rolle("Beschluss").exported == "Beschlussfassung"
    assert "erwartet einen von: Empfehlung oder Beschluss, gefunden: 'Entscheidung'" in \
        messages(style, DECLARED_DRAFT)


def test_without_declared_roles_the_built_in_ones_hold(style):
    draft = validate(loaded(DECLARED_DRAFT), draft_model(style))
    assert [r.name for r in style.config.rollen] == ["Vorberatung", "Entscheidung",
                                                     "Kenntnisnahme", "Anhörung"]
    assert draft.entscheidung.zustaendigkeit == "Entscheidung"
    assert draft.entscheidung.entscheidend
