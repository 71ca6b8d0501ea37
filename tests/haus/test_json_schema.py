"""A house style's JSON Schema accepts what its model accepts and refuses what it refuses."""

import jsonschema
import yaml

from helpers import DECLARED_DRAFT, declared_style
from pipeline.haus import field_schema, load_style_folder, sample_value, style_schema


def test_declared_fields_in_the_schema(tmp_path):
    style = load_style_folder(declared_style(tmp_path))
    schema = style_schema(style)
    check = jsonschema.Draft202012Validator(schema)
    data = yaml.safe_load(DECLARED_DRAFT)
    assert not list(check.iter_errors(data))
    felder = schema["$defs"][schema["properties"]["felder"]["$ref"].split("/")[-1]]
    assert felder["properties"]["klimarelevanz"]["title"] == "Klimarelevanz"
    assert felder["properties"]["rechtsgrundlage"]["x-typ"] == "markdown"
    assert "verfasser" in felder["required"]
    assert "datum" not in schema["required"] and "aktenzeichen" in schema["required"]
    data["felder"]["klimarelevanz"] = {"wahl": "vielleicht"}
    data["felder"]["eilig"] = "manchmal"
    assert len(list(check.iter_errors(data))) == 2


def test_every_sample_value_fits_its_fields_schema(tmp_path):
    style = load_style_folder(declared_style(tmp_path))
    for feld in style.config.felder:
        jsonschema.validate(sample_value(feld), field_schema(feld))
