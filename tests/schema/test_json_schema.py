"""`vorlage schema`: the JSON Schema editors use; it must accept every valid draft and catch
the mistakes `check` catches at the schema level."""


import jsonschema
import yaml

from helpers import MINIMAL, REPO, run


def validator():
    from pipeline.schema import draft_schema

    return jsonschema.Draft202012Validator(draft_schema())


def style_validator(name: str):
    from pipeline.haus import bundled_styles, load_house_style, style_schema

    return jsonschema.Draft202012Validator(style_schema(load_house_style(name,
                                                                         [bundled_styles()])))


def test_committed_schemas_are_current(project):
    """One schema per house style and the general one, as `vorlage schema` writes them."""
    result = run(["schema", "--out", "s"], project.root)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (project.root / "s").glob("*.schema.json"))
    assert "entwurf.schema.json" in written and "leipzig.schema.json" in written
    for name in written:
        assert (REPO / "schema" / name).read_text(encoding="utf-8") == \
            (project.root / "s" / name).read_text(encoding="utf-8"), \
            f"schema/{name} ist veraltet: `vorlage schema` ausführen"


def test_every_example_draft_is_valid_against_its_styles_schema():
    for path in sorted((REPO / "drafts").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        errors = list(style_validator(data.get("hausstil", "standard")).iter_errors(data))
        assert not errors, (path.name, [e.message for e in errors[:3]])


def test_a_styles_schema_knows_its_declared_fields():
    data = yaml.safe_load((REPO / "drafts" / "leipzig-gruendach.yaml").read_text("utf-8"))
    check = style_validator("leipzig")
    assert not list(check.iter_errors(data))
    data["felder"]["klimawirkung"] = "sehr gut"
    data["felder"]["anlass"] = ["stadtratsbeschluss", "stadtratsbeschluss"]
    data["felder"]["einreicherin"] = "x"
    messages = " ".join(e.message for e in check.iter_errors(data))
    assert "'einreicherin' was unexpected" in messages
    assert "'sehr gut' is not valid" in messages
    assert "['stadtratsbeschluss', 'stadtratsbeschluss'] is not valid" in messages
    # another style's schema knows none of Leipzig's fields
    del data["felder"]["einreicherin"]
    assert "'einreicher'" in " ".join(
        e.message for e in style_validator("standard").iter_errors(data))


def test_schema_catches_unknown_keys_and_bad_dates():
    data = yaml.safe_load(MINIMAL)
    data["betref"] = data.pop("betreff")
    data["datum"] = "2024/02/01"
    messages = " ".join(e.message for e in validator().iter_errors(data))
    assert "'betref' was unexpected" in messages and "'betreff' is a required" in messages
    assert "2024/02/01" in messages


def test_new_drafts_point_editors_at_the_schema(project):
    assert run(["new", "drafts/neu.yaml"], project.root).returncode == 0
    first = (project.drafts_dir / "neu.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/standard.schema.json"
