"""House styles: found by name or folder, validated like drafts, cached by content."""

import os
import shutil

import pytest

from helpers import STYLES
from pipeline.errors import UserError
from pipeline.haus import bundled_styles, list_house_styles, load_house_style, load_style_folder


def style_copy(tmp_path, name="standard", folder="meinstil"):
    target = tmp_path / folder
    shutil.copytree(STYLES / name, target)
    return target


def test_bundled_styles_load():
    dirs = [STYLES]
    names = [listed.key for listed in list_house_styles(dirs)]
    assert names == ["bielefeld", "bottrop", "kempten", "leipzig", "standard", "waiblingen"]
    for name in names:
        style = load_house_style(name, dirs)
        assert style.template.is_file()
    assert load_house_style("kempten", dirs).labels["begruendung"] == "Sachverhalt:"
    assert load_house_style("bielefeld", dirs).deadline_days("Rat der Stadt Bielefeld") == 21
    assert load_house_style("bielefeld", dirs).deadline_days("Integrationsrat") == 14


def _errors(folder, text):
    (folder / "haus.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as info:
        load_style_folder(folder)
    return [str(p) for p in info.value.problems]


def test_invalid_pattern_points_at_the_line(tmp_path, monkeypatch):
    folder = style_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    errors = _errors(folder, "name: X\nnummer:\n  muster: '{jahr}/{nr:03}'\n"
                             "vorlagenarten:\n  - name: Beschlussvorlage\n")
    assert errors == ["meinstil/haus.yaml:3:11: nummer.muster: unbekannter Platzhalter {nr} im "
                      "Nummernschema; erlaubt: {jahr}, {jahr2}, {amt}, {gremium}, "
                      "{wahlperiode}, {art}, {lfd}"]


def test_wahlperiode_pattern_needs_periods(tmp_path, monkeypatch):
    folder = style_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    errors = _errors(folder, "name: X\nnummer:\n  muster: '{lfd}/{wahlperiode}'\n"
                             "vorlagenarten:\n  - name: Beschlussvorlage\n")
    assert errors == ["meinstil/haus.yaml:3:11: nummer.muster: Schema nutzt {wahlperiode}, "
                      "aber `wahlperioden` fehlt"]


def test_unknown_keys_labels_and_missing_template(tmp_path, monkeypatch):
    folder = style_copy(tmp_path)
    (folder / "vorlage.docx").unlink()
    monkeypatch.chdir(tmp_path)
    errors = _errors(folder, "name: X\nnummer:\n  muster: '{jahr}/{lfd}'\n"
                             "vorlagenarten:\n  - name: Beschlussvorlage\n"
                             "abschnite: []\n")
    assert "meinstil/haus.yaml:6:1: abschnite: unbekanntes Feld; meinten Sie „abschnitte“?" \
        in errors
    errors = _errors(folder, "name: X\nnummer:\n  muster: '{jahr}/{lfd}'\n"
                             "vorlagenarten:\n  - name: Beschlussvorlage\n")
    assert errors == ["meinstil/haus.yaml:1:1: vorlage: Word-Vorlage vorlage.docx fehlt im "
                      "Ordner meinstil/"]
    errors = _errors(folder, "name: X\nnummer:\n  muster: '{jahr}/{lfd}'\n"
                             "vorlagenarten:\n  - name: B\nbeschriftungen:\n  betref: x\n")
    assert any("beschriftungen.betref: unbekannte Beschriftung; meinten Sie „betreff“?" in e
               for e in errors)


def test_unknown_style_lists_the_known_ones():
    with pytest.raises(UserError, match="vorhanden: bielefeld, bottrop, kempten, leipzig, "
                       "standard"):
        load_house_style("gibtsnicht", [STYLES])


def test_an_edit_is_seen_even_when_the_modification_time_stays(tmp_path):
    folder = style_copy(tmp_path)
    haus = folder / "haus.yaml"
    first = load_style_folder(folder)
    stamp = haus.stat().st_mtime_ns
    haus.write_text(haus.read_text(encoding="utf-8").replace("Musterstadt", "Beispielstadt"),
                    encoding="utf-8")
    os.utime(haus, ns=(stamp, stamp))  # same time, other content
    second = load_style_folder(folder)
    assert second.config.name == "Stadt Beispielstadt" != first.config.name
    assert second.fingerprint != first.fingerprint
    assert load_style_folder(folder) is second  # unchanged: loaded once


def test_listing_keeps_broken_styles_with_their_problem(tmp_path):
    good = style_copy(tmp_path, "standard", "standard")
    broken = style_copy(tmp_path, "bottrop", "bottrop")
    (broken / "vorlage.docx").unlink()
    listed = {entry.key: entry for entry in list_house_styles([tmp_path, STYLES])}
    assert listed["standard"].folder == good and listed["standard"].style is not None
    assert listed["bottrop"].style is None
    assert "Word-Vorlage vorlage.docx fehlt" in listed["bottrop"].problem
    assert listed["kempten"].folder == STYLES / "kempten"  # the project's own come first


def test_bundled_styles_are_package_data():
    folder = bundled_styles()
    assert folder == STYLES
    assert sorted(p.parent.name for p in folder.glob("*/haus.yaml")) == [
        "bielefeld", "bottrop", "kempten", "leipzig", "standard", "waiblingen"]


def test_a_draft_names_a_style_and_never_a_folder(tmp_path):
    # Finding 4 (Trust II): `hausstil:` took any folder on disk with a haus.yaml.
    elsewhere = tmp_path / "privat"
    shutil.copytree(STYLES / "standard", elsewhere)
    for name in (str(elsewhere), "../privat", "standard/../standard", ".", "x" * 300):
        with pytest.raises(UserError, match="kein Pfad"):
            load_house_style(name, [STYLES])
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "verlinkt").symlink_to(elsewhere)
    with pytest.raises(UserError, match="Verweis auf einen Ordner außerhalb"):
        load_house_style("verlinkt", [templates])


@pytest.mark.parametrize("field", ["vorlage", "tagesordnung", "logo"])
def test_a_style_s_files_stay_inside_its_folder(tmp_path, field):
    secret = tmp_path / "geheim.png"
    secret.write_bytes(b"\x89PNG privat")
    folder = tmp_path / "templates" / "boese"
    shutil.copytree(STYLES / "standard", folder)
    haus = folder / "haus.yaml"
    text = haus.read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.startswith(f"{field}:"))
    haus.write_text(f"{text}\n{field}: ../../geheim.png\n", encoding="utf-8")
    with pytest.raises(UserError, match="liegt außerhalb des Hausstil-Ordners"):
        load_house_style("boese", [folder.parent])
    (folder / "inside.png").symlink_to(secret)
    haus.write_text(f"{text}\n{field}: inside.png\n", encoding="utf-8")
    with pytest.raises(UserError, match="liegt außerhalb des Hausstil-Ordners"):
        load_house_style("boese", [folder.parent])


def test_schema_errors_and_declaration_checks_come_together_by_line(tmp_path, monkeypatch):
    folder = style_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    errors = _errors(folder, "name: X\nnummer:\n  muster: '{jahr}/{lfd}'\n"
                             "vorlagenarten:\n  - name: Beschlussvorlage\n"
                             "felder:\n"
                             "  - {schluessel: betreff, beschriftung: B}\n"       # reserved
                             "  - {schluessel: eins, beschriftung: E, typ: farbe}\n"  # schema
                             "  - {schluessel: zwei, beschriftung: Z, ort: fuss}\n"   # no place
                             "frist_tage: bald\n"                                   # schema
                             "beschriftungen:\n  zwei: Zwei\n  betref: x\n")       # unknown
    assert [e.split(": ", 2)[0:2] for e in errors] == [
        ["meinstil/haus.yaml:7:18", "felder[1].schluessel"],
        ["meinstil/haus.yaml:8:46", "felder[2].typ"],
        ["meinstil/haus.yaml:9:46", "felder[3].ort"],
        ["meinstil/haus.yaml:10:13", "frist_tage"],
        ["meinstil/haus.yaml:13:3", "beschriftungen.betref"]]
    assert "„betreff“ ist ein Schlüssel des Formats" in errors[0]
    assert "„fuss“ ist kein Ort" in errors[2]
    assert "meinten Sie „betreff“?" in errors[4]  # `zwei` is a label: its field validated


def test_a_broken_required_key_still_lets_the_rest_be_checked(tmp_path, monkeypatch):
    folder = style_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    errors = _errors(folder, "name: X\nnummer: '{jahr}/{lfd}'\n"
                             "vorlagenarten:\n  - {}\n"
                             "beschriftungen:\n  betref: x\n")
    assert [e.split(": ", 2)[1] for e in errors] == [
        "nummer", "vorlagenarten[1].name", "beschriftungen.betref"]
