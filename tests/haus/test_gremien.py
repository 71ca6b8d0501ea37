"""gremien.yaml: validated at file:line, a name or short name once per house style, read with
each style's own Gremien, and outside every style's fingerprint."""

import shutil
import textwrap

import pytest

from helpers import REPO, STYLES
from pipeline.errors import UserError
from pipeline.haus import GremienList, load_gremien, load_house_style, load_style_folder

NAMES = ("bielefeld", "bottrop", "standard", "waiblingen")


def write(tmp_path, text: str):
    path = tmp_path / "gremien.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(path) -> list[str]:
    with pytest.raises(UserError) as info:
        load_gremien(path, NAMES)
    return [str(p) for p in info.value.problems]


def test_a_doubled_name_or_short_name_is_an_error_at_the_second(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, """\
        gremien:
          - {name: Integrationsrat, kurz: IR}
          - name: Rat
            kurz: Rat
          - name: "integrationsrat "
          - name: Schulausschuss
            kurz: ir
        """)
    assert problems(path) == [
        "gremien.yaml:5:11: gremien[3].name: Name „integrationsrat“ gibt es schon (wie in "
        "Zeile 2); jedes Gremium steht einmal in der Liste",
        "gremien.yaml:7:11: gremien[4].kurz: Kurzname „ir“ gibt es schon (wie in Zeile 2); "
        "jedes Gremium steht einmal in der Liste"]


def test_one_name_in_two_towns_is_no_double_but_one_for_all_styles_meets_each(tmp_path):
    apart = write(tmp_path, """\
        gremien:
          - {name: Integrationsrat, kurz: IR, hausstil: bielefeld}
          - {name: Integrationsrat, kurz: IR, hausstil: [bottrop, waiblingen]}
        """)
    assert len(load_gremien(apart, NAMES).entries) == 2
    write(tmp_path, """\
        gremien:
          - {name: Integrationsrat, hausstil: bielefeld}
          - {name: Integrationsrat}
        """)
    assert [p.split(": ", 2)[1] for p in problems(apart)] == ["gremien[2].name"]


def test_schema_mistakes_and_unknown_styles_all_at_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, """\
        gremien:
          - name: Rat
            frist_tag: 3
          - name: Hauptausschuss
            hausstil: [bottrop, bielfeld]
          - name: Rat
            frist_tage: -1
        """)
    found = problems(path)
    assert found[0] == "gremien.yaml:3:5: gremien[1].frist_tag: unbekanntes Feld; meinten Sie " \
                       "„frist_tage“?"
    assert found[1].startswith("gremien.yaml:5:25: gremien[2].hausstil[2]: Hausstil "
                               "„bielfeld“ gibt es nicht; meinten Sie „bielefeld“?")
    assert found[2].startswith("gremien.yaml:7:17: gremien[3].frist_tage:")
    assert len(found) == 3  # the third entry is left out, so it doubles nothing


def test_an_absent_or_empty_file_is_no_list(tmp_path):
    assert load_gremien(tmp_path / "gremien.yaml", NAMES) == GremienList()
    empty = write(tmp_path, "gremien: []  # noch keine\n")
    assert load_gremien(empty, NAMES).entries == () and not load_gremien(empty, NAMES).manages(
        "standard")
    with pytest.raises(UserError, match="erwartet Felder"):
        load_gremien(write(tmp_path, "- Rat\n"), NAMES)


def test_the_list_adds_to_the_style_s_own_gremien():
    waiblingen = load_house_style("waiblingen", [STYLES])
    listed = load_gremien(REPO / "gremien.yaml", [p.parent.name for p in
                                                  STYLES.glob("*/haus.yaml")])
    known = {g.name: g for g in listed.for_style(waiblingen)}
    gemeinderat = known["Gemeinderat"]
    # kurz from gremien.yaml; the numbers' kuerzel and the deadline from haus.yaml
    assert (gemeinderat.kurz, gemeinderat.kuerzel, gemeinderat.frist_tage) == ("GR", "GR", 14)
    assert gemeinderat.listed and gemeinderat.label == "Gemeinderat (GR)"
    assert listed.deadline_days(waiblingen, "Gemeinderat") == 14
    assert listed.deadline_days(waiblingen, "Ältestenrat") == waiblingen.config.frist_tage
    assert "Rat der Stadt Bielefeld" not in known  # another town's
    assert listed.manages("waiblingen") and not listed.manages("standard")


def test_haus_yaml_gremien_count_also_when_the_list_names_others(tmp_path):
    style = load_house_style("bielefeld", [STYLES])
    path = write(tmp_path, """\
        gremien:
          - {name: Bezirksvertretung Mitte, kurz: BV Mitte, hausstil: bielefeld, frist_tage: 7}
        """)
    listed = load_gremien(path, NAMES)
    names = [g.name for g in listed.for_style(style)]
    assert names[0] == "Bezirksvertretung Mitte" and "Integrationsrat" in names
    assert listed.unknown(style, "Integrationsrat") is None
    assert listed.deadline_days(style, "Bezirksvertretung Mitte") == 7
    assert listed.deadline_days(style, "Rat der Stadt Bielefeld") == 21  # haus.yaml's


def test_unknown_names_get_the_closest_known_one_case_insensitively(tmp_path):
    style = load_house_style("bottrop", [STYLES])
    listed = load_gremien(REPO / "gremien.yaml", ["bottrop", "bielefeld", "kempten",
                                                  "leipzig", "waiblingen"])
    assert listed.unknown(style, "Integrationsrath") == (
        "Gremium „Integrationsrath“ ist nicht bekannt; meinten Sie „Integrationsrat“?", "error")
    assert listed.unknown(style, "RAT DER STADT")[0].endswith("meinten Sie „Rat der Stadt“?")
    assert listed.unknown(style, "hfba")[0].endswith(  # a short name points to its Gremium
        "meinten Sie „Haupt-, Finanz- und Beschwerdeausschuss“?")
    message, _ = listed.unknown(style, "Bauausschuss")
    assert message == ("Gremium „Bauausschuss“ ist nicht bekannt; bekannt sind: Rat der Stadt, "
                       "Integrationsrat, Haupt-, Finanz- und Beschwerdeausschuss (gremien.yaml)")
    # Without gremien.yaml the style's own list may be incomplete: a warning only.
    alone = GremienList().unknown(style, "Integrationsrath")
    assert alone == ("Gremium „Integrationsrath“ ist nicht bekannt; meinten Sie "
                     "„Integrationsrat“?", "warning")
    assert GremienList().unknown(load_house_style("standard", [STYLES]), "Rat") is None


def test_editing_the_list_changes_no_style_fingerprint_and_is_read_again(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(STYLES / "bielefeld", templates / "bielefeld")
    style = load_style_folder(templates / "bielefeld")
    path = write(tmp_path, "gremien:\n  - {name: Integrationsrat, hausstil: bielefeld}\n")
    assert [e.name for e in load_gremien(path, NAMES).entries] == ["Integrationsrat"]
    path.write_text("gremien:\n  - {name: Integrationsrat, hausstil: bielefeld}\n"
                    "  - {name: Schulausschuss, kurz: SchA, hausstil: bielefeld}\n",
                    encoding="utf-8")
    again = load_gremien(path, NAMES)
    assert [e.name for e in again.entries] == ["Integrationsrat", "Schulausschuss"]
    assert load_style_folder(templates / "bielefeld").fingerprint == style.fingerprint
    assert again.unknown(style, "Schulausschuss") is None


def test_members_per_wahlperiode_are_found_by_date_and_checked(tmp_path, monkeypatch):
    from datetime import date

    monkeypatch.chdir(tmp_path)
    text = """\
        gremien:
          - name: Rat
            wahlperioden:
              - name: 2014–2020
                von: 01.06.2014
                bis: 31.10.2020
                mitglieder:
                  - {name: Anna Vorsitz, vorsitz: ja}
                  - {name: Bernd Beispiel, fraktion: Liste A}
                  - {name: Emil Rat, rolle: beratendes Mitglied}
              - von: 01.11.2020
                mitglieder:
                  - {name: Clara Muster}
        """
    entry = load_gremien(write(tmp_path, text), NAMES).entries[0]
    old, new = entry.period(date(2020, 9, 3)), entry.period(date(2021, 1, 1))
    assert old.label == "2014–2020" and new.label == "ab 01.11.2020"
    assert old.member("anna  vorsitz").rolle == "Vorsitz"
    assert [m.votes for m in old.mitglieder] == [True, True, False]
    assert entry.period(date(2014, 5, 31)) is None
    broken = text.replace("01.11.2020", "31.10.2020").replace(
        "{name: Emil Rat, rolle: beratendes Mitglied}", "{name: Bernd Beispiel}")
    assert problems(write(tmp_path, broken)) == [
        "gremien.yaml:10:20: gremien[1].wahlperioden[1].mitglieder[3].name: „Bernd Beispiel“ "
        "steht schon in dieser Wahlperiode",
        "gremien.yaml:11:14: gremien[1].wahlperioden[2].von: überschneidet sich mit der "
        "Wahlperiode 2014–2020"]
