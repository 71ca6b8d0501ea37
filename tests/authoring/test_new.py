"""`vorlage new`: every field present, placeholders fail `check`, filled they pass."""

import re

import pytest

from helpers import run
from pipeline.schema import Draft, describe_fields

FILL = {"«TT.MM.JJJJ»": None, "«ja oder nein»": "nein"}


def fill(text: str, gremium: str = "Rat") -> str:
    dates = iter(["01.02.2030", "01.03.2030"])

    def replace(match):
        token = match.group(0)
        if token == "«TT.MM.JJJJ»":
            return next(dates)
        if token == "«Name des Gremiums»":
            return gremium
        if " oder " in token and token not in FILL:  # a declared choice: its first option
            return token[1:-1].split(" oder ")[0]
        return FILL.get(token) or "Ausgefüllt"
    return re.sub(r"«[^»]*»", replace, text)


def test_scaffold_has_every_top_level_field_with_a_comment(project):
    result = run(["new", "drafts/neu.yaml", "--hausstil", "bielefeld"], project.root)
    assert result.returncode == 0, result.stderr
    text = (project.drafts_dir / "neu.yaml").read_text(encoding="utf-8")
    for field in describe_fields(Draft):
        if field.name == "felder":  # only where the house style declares fields
            assert "\nfelder:" not in text
            continue
        line = next(line for line in text.splitlines() if line.startswith(f"{field.name}:"))
        assert "  # " in line
    assert "hausstil: \"bielefeld\"" in text and "vorlagenart: \"Beschlussvorlage\"" in text


def test_a_help_text_over_several_lines_stays_one_comment(project):
    from helpers import DECLARED_STYLE, declared_style

    folder = declared_style(project.root / "templates")
    (folder / "haus.yaml").write_text(DECLARED_STYLE.replace(
        "{schluessel: eilig, beschriftung: Eilbedürftig, typ: janein, leer_zeigen: ja}",
        "{schluessel: eilig, beschriftung: Eilbedürftig, typ: janein, hilfe: \"Wenn es\\n"
        "betreff: X\"}"), encoding="utf-8")
    assert run(["new", "drafts/neu.yaml", "--hausstil", "musterfeld"], project.root) \
        .returncode == 0
    text = (project.drafts_dir / "neu.yaml").read_text(encoding="utf-8")
    assert "  eilig:  # Eilbedürftig: Wenn es betreff: X (ja/nein)" in text
    assert "\nbetreff: X" not in text


def test_scaffold_lists_declared_fields_with_their_help(project):
    result = run(["new", "drafts/neu.yaml", "--hausstil", "leipzig"], project.root)
    assert result.returncode == 0, result.stderr
    text = (project.drafts_dir / "neu.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("felder:")))
    declared = {line.split(":")[0].strip(): line for line in lines[start + 1:]}
    assert list(declared)[:4] == ["einreicher", "anlass", "klimawirkung", "stellenplan"]
    assert "Das einreichende Dezernat" in declared["einreicher"]
    assert "eine von: positiv, negativ, keine" in declared["klimawirkung"]
    assert "abwaegung" in declared and "raeumlicher_bezug" in declared
    assert "\ndatum:  #" in text  # the style does not require a date: no placeholder
    # sections Leipzig does not print are not offered
    assert "\nfruehere_behandlung:" not in text and "\nzeichnung:" not in text
    assert "\nzusammenfassung:" in text
    result = run(["check", "drafts/neu.yaml"], project.root)
    assert "felder.einreicher: noch auszufüllen: «Eingereicht von»" in result.stderr


def test_placeholders_fail_until_filled(project):
    run(["new", "drafts/neu.yaml", "--hausstil", "kempten", "--art", "Sitzungsvorlage"],
        project.root)
    result = run(["check", "drafts/neu.yaml"], project.root)
    assert result.returncode == 1
    lines = (project.drafts_dir / "neu.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("betreff:"))
    assert f"drafts/neu.yaml:{line}:10: betreff: noch auszufüllen: «Betreff»" in result.stderr
    assert "finanzen.auswirkungen: noch auszufüllen: «ja oder nein»" in result.stderr
    path = project.drafts_dir / "neu.yaml"
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = run(["check", "drafts/neu.yaml"], project.root)
    assert result.returncode == 0, result.stderr
    result = run(["build", "drafts/neu.yaml"], project.root)
    assert result.returncode == 0, result.stderr


def test_every_style_and_art_scaffolds_to_a_valid_draft(project):
    from pipeline.haus import list_house_styles

    for listed in list_house_styles(project.template_dirs):
        style = listed.style
        for art in style.config.vorlagenarten:
            target = f"drafts/{style.key}-{art.name}.yaml"
            assert run(["new", target, "--hausstil", style.key, "--art", art.name],
                       project.root).returncode == 0
            path = project.root / target
            gremium = next((g.name for g in style.config.gremien if g.kuerzel), "Rat")
            path.write_text(fill(path.read_text(encoding="utf-8"), gremium), encoding="utf-8")
    result = run(["check", "drafts"], project.root)
    assert result.returncode == 0, result.stderr


def test_new_refuses_to_overwrite_and_unknown_art(project, write_draft):
    write_draft("da.yaml")
    result = run(["new", "drafts/da.yaml"], project.root)
    assert result.returncode == 1 and "gibt es schon; nichts überschrieben" in result.stderr
    result = run(["new", "drafts/x.yaml", "--hausstil", "bottrop", "--art", "Sitzungsvorlage"],
                 project.root)
    assert result.returncode == 1
    assert "Vorlagenart „Sitzungsvorlage“ gibt es im Hausstil bottrop nicht" in result.stderr


def test_new_draft_points_at_the_project_schema_and_never_overwrites(project):
    from pipeline.authoring import new_draft
    from pipeline.errors import UserError

    made = new_draft(project, project.drafts_dir / "amt" / "neu.yaml", "bottrop",
                     "Beschlussvorlage")
    text = made.path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/" \
                                   "bottrop.schema.json"
    assert 'hausstil: "bottrop"' in text and made.art.name == "Beschlussvorlage"
    with pytest.raises(UserError, match="gibt es schon; nichts überschrieben"):
        new_draft(project, made.path)
    assert made.path.read_text(encoding="utf-8") == text
    default = new_draft(project, project.drafts_dir / "standard.yaml")
    assert default.style.key == project.config.hausstil == "standard"


def test_scaffold_names_the_style_s_gremien_of_the_project_s_list(project):
    (project.root / "gremien.yaml").write_text(
        "gremien:\n  - {name: Bezirksvertretung Mitte, kurz: BV Mitte, hausstil: bielefeld}\n"
        "  - {name: Stadtrat, hausstil: kempten}\n", encoding="utf-8")
    result = run(["new", "drafts/neu.yaml", "--hausstil", "bielefeld"], project.root)
    assert result.returncode == 0, result.stderr
    text = (project.drafts_dir / "neu.yaml").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("# Gremien für"))
    assert line.startswith("# Gremien für die Beratungsfolge: Bezirksvertretung Mitte "
                           "(BV Mitte), Rat der Stadt Bielefeld, Integrationsrat")
    assert "Stadtrat" not in line  # Kempten's
    path = project.drafts_dir / "neu.yaml"
    path.write_text(fill(text, "Bezirksvertretung Mitte"), encoding="utf-8")
    assert run(["check", "drafts/neu.yaml"], project.root).returncode == 0
    path.write_text(fill(text, "Bezirksvertretung Mite"), encoding="utf-8")
    result = run(["check", "drafts/neu.yaml"], project.root)
    assert result.returncode == 1 and "meinten Sie „Bezirksvertretung Mitte“?" in result.stderr
