"""The template's values: German formats, the follow-up wording, public copies."""

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from helpers import STYLES, pdf_text, run
from pipeline.haus import load_house_style
from pipeline.render import Formats, Numbering, build_context
from pipeline.schema import example_draft


def test_german_dates_and_amounts_by_the_house_style():
    style = load_house_style("standard", [STYLES])
    fmt = Formats(style)
    assert Formats.datum(date(2020, 2, 13)) == "13.02.2020" and Formats.datum(None) == ""
    assert fmt.betrag(Decimal("30000.5")) == "30.000,50\u00a0€"
    assert fmt.betrag(None) == ""
    assert Formats.zahl(Decimal("2.5")) == "2,5"


def test_context_of_the_example_draft():
    style = load_house_style("bielefeld", [STYLES])
    example = example_draft()  # Bielefeld's form has no Formblock (haushalt)
    example.finanzen = {k: v for k, v in example.finanzen.items() if k != "haushalt"}
    values = build_context(example, style, Numbering("9921/2014-2020", True, False))
    assert values["gemeinde"] == "Stadt Bielefeld" and values["hausstil"] == "bielefeld"
    assert values["nummer"] == "9921/2014-2020" and values["final"] and not values["entwurf"]
    assert values["datum"] == "01.02.2024"
    assert values["betreff_zeilen"] == ["Beispiel", "zweite Zeile"]
    assert values["entscheidung"]["gremium"] == "Rat"
    assert values["erste_beratung"]["oeffentlichkeit"] == "öffentlich"
    assert values["finanzen"]["ja_nein"] == "ja"
    assert [y["jahr"] for y in values["finanzen"]["jahre"]] == [2024]
    standard = build_context(example_draft(), load_house_style("standard", [STYLES]),
                             Numbering("1", True, False))
    assert standard["finanzen"]["ungedeckt"] == "40,00\u00a0€"  # 100 - 50 - 10
    assert values["l"]["begruendung"] == style.labels["begruendung"]


def test_a_public_copy_lists_only_public_anlagen():
    draft = example_draft().model_copy(deep=True)
    draft.anlagen.append(draft.anlagen[0].model_copy(update={"titel": "Geheim",
                                                             "oeffentlich": False}))
    style = load_house_style("standard", [STYLES])
    numbering = Numbering("2024/0001", False, False)
    assert [a["titel"] for a in build_context(draft, style, numbering)["anlagen"]] == [
        "Anlage", "Geheim"]
    assert [a["titel"] for a in build_context(draft, style, numbering, public=True)[
        "anlagen"]] == ["Anlage"]


@pytest.mark.parametrize("art", ["Ergänzungsvorlage", "Änderungsvorlage"])
def test_follow_up_wording(project, write_draft, art):
    write_draft("v.yaml")
    assert run(["build", "--final", "drafts/v.yaml"], project.root).returncode == 0
    assert run(["amend", "2024/0001", "--art", art], project.root).returncode == 0
    new = next(project.drafts_dir.glob("v-*-1.yaml"))
    assert run(["build", "--final", str(new.relative_to(project.root))],
               project.root).returncode == 0
    word = "Ergänzung" if art == "Ergänzungsvorlage" else "Änderung"
    assert f"1. {word} zur Vorlage 2024/0001" in pdf_text(
        project.output_dir / "archiv" / str(date.today().year) / "2024-0001--1.pdf")


def test_the_beratungsfolge_as_printed():
    from pipeline.schema import Draft

    style = load_house_style("standard", [STYLES])
    data = example_draft().model_dump()
    data["beratungsfolge"][1]["sitzung"] = None
    steps = build_context(Draft.model_validate(data), style,
                          Numbering("X", False, True))["beratungsfolge"]
    assert steps[0]["sitzung"] == steps[0]["datum"] == "01.03.2024"
    assert steps[0]["sitzungsname"] == "12. Sitzung des Hauptausschusses"
    assert steps[0]["ergebnis"] == "verwiesen an Rat (Ja: 12, Nein: 3, Enthaltungen: 1)"
    assert steps[1]["sitzung"] == "Termin offen" and steps[1]["datum"] == ""
    assert steps[1]["entscheidend"] and steps[1]["zustaendigkeit"] == "Entscheidung"
    data["beratungsfolge"] = []
    values = build_context(Draft.model_validate(data), style, Numbering("X", False, True))
    assert values["beratungsfolge"] == [] and values["entscheidung"]["gremium"] == ""
    assert values["erste_beratung"]["top"] == ""


def test_the_house_style_says_how_an_open_date_is_printed(tmp_path):
    import shutil

    from pipeline.haus import load_style_folder
    from pipeline.haus.model import draft_model
    from pipeline.schema import Draft

    folder = tmp_path / "still"
    shutil.copytree(STYLES / "standard", folder)
    text = (folder / "haus.yaml").read_text(encoding="utf-8")
    (folder / "haus.yaml").write_text(text + 'beschriftungen:\n  termin_offen: ""\n'
                                      "rollen:\n  - name: Vorberatung\n    text: Empfehlung\n"
                                      "  - name: Entscheidung\n    text: Beschlussfassung\n"
                                      "    entscheidend: ja\n", encoding="utf-8")
    style = load_style_folder(folder)
    data = example_draft().model_dump()
    data["beratungsfolge"][1]["sitzung"] = None
    data["hausstil"] = None
    draft = draft_model(style).model_validate(
        {k: v for k, v in data.items() if v is not None and k != "felder"})
    assert isinstance(draft, Draft)
    steps = build_context(draft, style, Numbering("X", False, True))["beratungsfolge"]
    assert steps[1]["sitzung"] == "" and steps[1]["zustaendigkeit"] == "Beschlussfassung"
    assert steps[0]["zustaendigkeit"] == "Empfehlung" and steps[0]["rolle"] == "Vorberatung"


def test_follow_up_wording_as_the_house_style_declares():
    from pipeline.render.values import _follow_up_text

    style = load_house_style("standard", [STYLES])
    draft = example_draft().model_copy(update={"bezug": "2015/0288",
                                               "vorlagenart": "Beschlussvorlage"})
    numbering = Numbering("2015/0288-2", True, False, 2, "2015/0288")
    assert _follow_up_text(draft, numbering, style) == "2. Neufassung zur Vorlage 2015/0288"
    worded = style.config.model_copy(update={"nummer": style.config.nummer.model_copy(
        update={"bezug_text": "Bezüglich: {bezug}"})})
    style = dataclasses.replace(style, config=worded)
    assert _follow_up_text(draft, numbering, style) == "Bezüglich: 2015/0288"
    art = style.art("Beschlussvorlage").model_copy(
        update={"bezug_text": "{version}. Ergänzung zur Vorlage {bezug}"})
    arten = [art if a.name == art.name else a for a in worded.vorlagenarten]
    style = dataclasses.replace(style, config=worded.model_copy(
        update={"vorlagenarten": arten}))
    assert _follow_up_text(draft, numbering, style) == "2. Ergänzung zur Vorlage 2015/0288"
