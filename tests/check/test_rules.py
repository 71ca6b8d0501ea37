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
                     "des Hausstils bottrop; sie wird als Nummer einer früheren Vorlage (vor "
                     "dem Werkzeug) eingetragen, außerhalb der Zählung"]
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


def test_anlage_numbers_are_names_and_may_not_double(project, write_draft):
    anlagen = ("anlagen:\n"
               "  - titel: Lageplan\n"              # counted: 1
               "  - titel: Kosten\n    nr: '3.1'\n"
               "  - titel: Modell\n    nr: 1\n")    # typed, and taken already
    write_draft("doppelt.yaml", MINIMAL + anlagen)
    result = run(["check", "drafts/doppelt.yaml"], project.root)
    assert result.returncode == 1
    assert "drafts/doppelt.yaml:19:9: anlagen[3].nr: Anlage 1 gibt es zweimal („Lageplan“ und " \
           "„Modell“); jede Anlage braucht ihre eigene Nummer" in result.stderr
    # listed by title only: no file to look for, nothing else to report
    assert "datei" not in result.stderr
    # also when another mistake stops the draft's validation
    write_draft("beides.yaml", MINIMAL.replace("betreff:", "betref:") + anlagen.replace(
        "nr: 1", "nr: '1'"))
    both = run(["check", "drafts/beides.yaml"], project.root)
    assert "anlagen[3].nr: Anlage 1 gibt es zweimal" in both.stderr and "betref" in both.stderr
    write_draft("ok.yaml", MINIMAL + anlagen.replace("nr: 1", "nr: '2'"))
    assert run(["check", "drafts/ok.yaml"], project.root).returncode == 0


def test_a_point_that_prints_the_plans_needs_plans_wherever_it_stands(tmp_path, monkeypatch):
    # It was let through without any `finanzen`, and the build then failed inside.
    monkeypatch.chdir(tmp_path)
    data = yaml.safe_load(MINIMAL) | {"beschlussvorschlag": {
        "punkte": [{"text": "Eins", "finanzen": True}],
        "empfehlungen": [{"einleitung": "Der Rat beschließt:",
                          "punkte": ["Zwei", {"text": "Drei", "finanzen": True}]}]}}
    assert rules(tmp_path, data) == [
        f"{where}: der Punkt hat `finanzen: ja`, aber `finanzen.teilergebnisplaene` ist leer"
        for where in ("beschlussvorschlag.punkte[1].finanzen",
                      "beschlussvorschlag.empfehlungen[1].punkte[2].finanzen")]


def test_a_step_without_a_date_is_left_out_of_the_date_rules(project, write_draft):
    text = MINIMAL.replace("  - gremium: Rat\n", "  - gremium: Bauausschuss\n"
                                                 "  - gremium: Rat\n") \
        .replace("sitzung: 01.03.2024", "sitzung: 01.03.2024\n    ergebnis: {status: "
                                        "beschlossen, abstimmung: {ja: 2, nein: 9}}")
    write_draft("offen.yaml", text)
    result = run(["check", "drafts/offen.yaml"], project.root)
    assert result.returncode == 0, result.stderr
    assert "nicht in zeitlicher Reihenfolge" not in result.stderr
    assert "beratungsfolge[1].ergebnis: Warnung: beschlossen bei 2 Ja- und 9 Nein-Stimmen?" \
        in result.stderr
    write_draft("rueckwaerts.yaml", text.replace("sitzung: 15.03.2024", "sitzung: 01.02.2024"))
    result = run(["check", "drafts/rueckwaerts.yaml"], project.root)
    assert "beratungsfolge[3].sitzung: Beratungsfolge nicht in zeitlicher Reihenfolge: Rat am " \
           "01.02.2024 liegt vor Hauptausschuss am 01.03.2024" in result.stderr


def test_results_belong_to_sessions_that_have_been(project, write_draft):
    write_draft("zukunft.yaml", MINIMAL.replace(
        "    sitzung: 15.03.2024\n", "    sitzung: 15.03.2099\n    ergebnis: vertagt\n").replace(
        "  - gremium: Hauptausschuss\n    sitzung: 01.03.2024\n",
        "  - gremium: Hauptausschuss\n    ergebnis: zur Kenntnis genommen\n"))
    result = run(["check", "drafts/zukunft.yaml"], project.root)
    assert result.returncode == 0, result.stderr
    assert "beratungsfolge[1].ergebnis: Warnung: Ergebnis ohne Sitzungstermin" in result.stderr
    assert "beratungsfolge[2].ergebnis: Warnung: Ergebnis für eine Sitzung, die noch nicht " \
           "war (15.03.2099)" in result.stderr


def test_a_pattern_with_the_gremium_needs_a_first_step(project, write_draft):
    write_draft("leer.yaml", MINIMAL.replace("hausstil", "x").replace(
        "vorlagenart: Beschlussvorlage", "hausstil: waiblingen\nvorlagenart: Sitzungsvorlage")
        .split("beratungsfolge:")[0] + "beratungsfolge: []\nbeschlussvorschlag: Ja.\n")
    result = run(["check", "drafts/leer.yaml"], project.root)
    assert result.returncode == 1
    assert "beratungsfolge: das Nummernschema {gremium} {lfd}/{jahr} braucht das Gremium der " \
           "ersten Beratung; die Beratungsfolge ist noch leer" in result.stderr
    assert "Traceback" not in result.stderr
