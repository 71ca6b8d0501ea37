"""`vorlage schema`: the JSON Schema editors use; it must accept every valid draft and catch
the mistakes `check` catches at the schema level."""

import json

import jsonschema
import yaml

from helpers import MINIMAL, REPO, run


def validator():
    from pipeline.schema import draft_schema

    return jsonschema.Draft202012Validator(draft_schema())


def test_committed_schema_is_current(project):
    from pipeline.schema import schema_text

    assert (REPO / "schema" / "entwurf.schema.json").read_text(encoding="utf-8") == \
        schema_text(), "schema/entwurf.schema.json ist veraltet: `vorlage schema` ausführen"
    result = run(["schema", "--out", "s.json"], project.root)
    assert result.returncode == 0
    assert json.loads((project.root / "s.json").read_text(encoding="utf-8"))["title"]


def test_every_example_draft_is_valid():
    for path in sorted((REPO / "drafts").glob("*.yaml")):
        errors = list(validator().iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert not errors, (path.name, [e.message for e in errors[:3]])


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
    assert first == "# yaml-language-server: $schema=../schema/entwurf.schema.json"
