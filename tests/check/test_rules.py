"""The rules across fields: order, confidentiality, summary, Vorlagenart, numbering fields."""

import yaml

from helpers import MINIMAL, STYLES, run


def test_warnings_do_not_fail(project, write_draft):
    long_text = MINIMAL.replace("  Die Geräte sind veraltet.\n",
                                "  " + "Wort " * 1300 + "\n")
    text = long_text.replace("    zustaendigkeit: Entscheidung\n", "") \
        .replace("  - gremium: Hauptausschuss\n    sitzung: 01.03.2024\n",
                 "  - gremium: Hauptausschuss\n    sitzung: 01.03.2024\n"
                 "    zustaendigkeit: Entscheidung\n")
    write_draft("lang.yaml", text)
    result = run(["check", "drafts/lang.yaml"], project.root)
    assert result.returncode == 0, result.stderr
    assert "begruendung: Warnung: Begründung ist etwa 3.4 Seiten lang" in result.stderr
    assert "beratungsfolge[1].zustaendigkeit: Warnung: das entscheidende Gremium " \
           "(Hauptausschuss) steht nicht am Ende" in result.stderr


def test_closed_vorlage_in_public_session(project, write_draft):
    write_draft("geheim.yaml", MINIMAL.replace("amt: Amt für Tests",
                                               "amt: Amt für Tests\noeffentlich: nein"))
    result = run(["check", "drafts/geheim.yaml"], project.root)
    assert result.returncode == 1
    assert "drafts/geheim.yaml:7:5: beratungsfolge[1].oeffentlich: nichtöffentliche Vorlage " \
           "in öffentlicher Sitzung (Hauptausschuss)" in result.stderr


def test_beschlussvorlage_needs_beschlussvorschlag(project, write_draft):
    text = MINIMAL.replace("beschlussvorschlag: Der Rat beschließt die Beschaffung.\n", "")
    write_draft("ohne.yaml", text)
    result = run(["check", "drafts/ohne.yaml"], project.root)
    assert "drafts/ohne.yaml:1:1: beschlussvorschlag: eine Beschlussvorlage braucht einen " \
           "Beschlussvorschlag" in result.stderr
    assert result.returncode == 1


def rules(tmp_path, data: dict, style: str = "standard") -> list[str]:
    """The rule problems of a draft, checked in process."""
    from pipeline.check import check_draft
    from pipeline.haus import load_house_style
    from pipeline.schema import Draft, load_yaml, validate

    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    loaded = load_yaml(path)
    draft = validate(loaded, Draft)
    found = check_draft(draft, loaded, load_house_style(style, [STYLES]), tmp_path)
    return [f"{p.field}: {p.message}" for p in found]


def test_the_numbering_pattern_must_be_fillable(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    base = yaml.safe_load(MINIMAL)
    assert "amt_kennziffer: das Nummernschema {jahr}/{amt}/{lfd:03} braucht `amt_kennziffer`" \
        in rules(tmp_path, base | {"vorlagenart": "Sitzungsvorlage"}, "kempten")
    found = rules(tmp_path, base | {"vorlagennummer": "12/2024"}, "bottrop")
    assert found == ["vorlagennummer: „12/2024“ passt nicht zum Nummernschema {jahr}/{lfd:04} "
                     "des Hausstils bottrop"]
    assert rules(tmp_path, base | {"vorlagennummer": "2024/0012"}, "bottrop") == []


def test_finance_rules_check_the_sums(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plans = [{"teilergebnisplan": "11.01", "mehraufwand": [
        {"von": "01.01.2024", "bis": "31.12.2024", "betrag": 1000}]}]
    data = yaml.safe_load(MINIMAL) | {"finanzen": {
        "teilergebnisplaene": plans,
        "restdeckung": {"jahr": 2024, "durch": "im Rahmen", "stellen": [
            {"stelle": "170", "betrag": 600}, {"stelle": "180", "betrag": 300}]}}}
    assert rules(tmp_path, data) == [
        "finanzen.restdeckung.stellen: die Beiträge ergeben 900,00\u00a0€, verbleibender "
        "Mehraufwand 2024 ist 1.000,00\u00a0€"]
    data["finanzen"]["restdeckung"]["stellen"][1]["betrag"] = 400
    assert rules(tmp_path, data) == []
    plans[0]["mehraufwand"][0]["bis"] = "01.12.2023"
    data["finanzen"].pop("restdeckung")
    assert rules(tmp_path, data) == ["finanzen.teilergebnisplaene[1].mehraufwand[1].bis: "
                                     "Ende liegt vor dem Beginn des Zeitraums"]
