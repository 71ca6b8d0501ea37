"""The project: found by walking up to `vorlage.yaml`; its folders; draft identities."""

import pytest

from pipeline.errors import UserError
from pipeline.haus import bundled_styles
from pipeline.project import Project


def test_found_from_a_subfolder_with_its_settings(tmp_path):
    (tmp_path / "vorlage.yaml").write_text("hausstil: kempten\nentwuerfe: entwuerfe\n"
                                          "register: daten/nummern.sqlite\n", encoding="utf-8")
    deep = tmp_path / "entwuerfe" / "2024"
    deep.mkdir(parents=True)
    project = Project.find(deep)
    assert project.root == tmp_path.resolve()
    assert project.config.hausstil == "kempten"
    assert project.drafts_dir == tmp_path.resolve() / "entwuerfe"
    assert project.register_path == tmp_path.resolve() / "daten" / "nummern.sqlite"
    assert project.archive_dir == project.output_dir / "archiv"


def test_without_a_config_the_folder_is_the_project_with_defaults(tmp_path):
    project = Project.find(tmp_path)
    assert project.root == tmp_path.resolve()
    assert project.config.hausstil == "standard"
    assert project.template_dirs == [tmp_path.resolve() / "templates", bundled_styles()]


def test_a_broken_config_is_a_positioned_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "vorlage.yaml").write_text("hausstil: standard\nausgaben: out\n",
                                          encoding="utf-8")
    with pytest.raises(UserError) as info:
        Project.find(tmp_path)
    assert str(info.value.problems[0]).startswith("vorlage.yaml:2:1: ausgaben: unbekanntes Feld")


def test_draft_key_and_the_folder_anlagen_stay_in(tmp_path):
    (tmp_path / "vorlage.yaml").write_text("entwuerfe: drafts\n", encoding="utf-8")
    project = Project.find(tmp_path)
    inside = tmp_path / "drafts" / "amt53" / "a.yaml"
    elsewhere = tmp_path / "anderswo" / "b.yaml"
    assert project.draft_key(inside) == "drafts/amt53/a.yaml"
    assert project.drafts_root_for(inside) == tmp_path.resolve() / "drafts"
    assert project.drafts_root_for(elsewhere) == elsewhere.parent.resolve()


def test_the_gremien_list_is_read_with_the_project_and_is_no_draft(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "vorlage.yaml").write_text("gremien: listen/gremien.yaml\n", encoding="utf-8")
    assert Project.find(tmp_path).gremien.entries == ()  # no file: haus.yaml's alone
    listed = tmp_path / "listen" / "gremien.yaml"
    listed.parent.mkdir()
    listed.write_text("gremien:\n  - {name: Rat, hausstil: bielefed}\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        Project.find(tmp_path)
    assert str(info.value.problems[0]).startswith(
        "listen/gremien.yaml:2:27: gremien[1].hausstil: Hausstil „bielefed“ gibt es nicht; "
        "meinten Sie „bielefeld“?")
    listed.write_text("gremien:\n  - {name: Rat, hausstil: bielefeld}\n", encoding="utf-8")
    project = Project.find(tmp_path)
    assert [e.name for e in project.gremien.entries] == ["Rat"]
    assert project.other_file(listed) == "Projektdatei"
    elsewhere = tmp_path / "kopie.yaml"
    elsewhere.write_text(listed.read_text(encoding="utf-8"), encoding="utf-8")
    assert project.other_file(elsewhere, read=True) == "Projektdatei"
