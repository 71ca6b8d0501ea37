"""The format reference and the field list of `vorlage new` come from the schema."""

from pipeline.haus import default_draft_model
from pipeline.schema import Draft, describe_fields, format_reference
from pipeline.schema.model import Beratung


def test_every_field_of_every_section_is_documented():
    text = format_reference()
    for name in Draft.model_fields:
        assert f"| `{name}` |" in text
    assert "#### Oberste Ebene" in text and "#### Beratung" in text
    row = next(line for line in text.splitlines() if line.startswith("| `zustaendigkeit` |"))
    assert "einer von: Vorberatung, Entscheidung, Kenntnisnahme, Anhörung" in row
    assert "nein (Standard: Vorberatung)" in row


def test_describe_fields_tells_kind_default_and_sections():
    fields = {f.name: f for f in describe_fields(Draft)}
    assert fields["datum"].kind == "Datum (TT.MM.JJJJ)" and fields["datum"].required
    assert fields["oeffentlich"].default == "ja" and not fields["oeffentlich"].required
    assert fields["beratungsfolge"].is_list and fields["beratungsfolge"].model is Beratung
    finance = {f.name: f for f in describe_fields(default_draft_model())}["finanzen"].model
    haushalt = {f.name: f for f in describe_fields(finance)}["haushalt"]
    amounts = {f.name: f.kind for f in describe_fields(haushalt.model)}
    assert amounts["bedarf"] == "Betrag in Euro" and amounts["haushaltsjahr"] == "ganze Zahl"
