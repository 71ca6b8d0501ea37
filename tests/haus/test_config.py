"""`haus.yaml`'s schema: defaults a municipality need not write, labels it may change."""


from pipeline.haus import HouseStyleConfig

MINIMAL_STYLE = {"name": "Stadt Muster", "nummer": {"muster": "{jahr}/{lfd:04}"},
                 "vorlagenarten": [{"name": "Beschlussvorlage"}]}


def test_defaults_of_a_minimal_house_style():
    config = HouseStyleConfig.model_validate(MINIMAL_STYLE)
    assert config.vorlage == "vorlage.docx" and config.tagesordnung == "tagesordnung.docx"
    assert config.frist_tage == 14 and config.pdfa is True
    assert config.top.oeffentlich == "Ö {nr}" and config.top.nichtoeffentlich == "N {nr}"
    assert config.section_keys[0] == "zusammenfassung" and "begruendung" in config.section_keys
    assert config.felder == [] and config.pflichtfelder == {}
    assert config.vorlagenarten[0].beschluss is True


def test_labels_may_be_given():
    ok = HouseStyleConfig.model_validate({**MINIMAL_STYLE,
                                          "beschriftungen": {"begruendung": "Sachverhalt:"}})
    assert ok.beschriftungen == {"begruendung": "Sachverhalt:"}


def test_roles_default_to_the_built_in_ones_and_are_not_doubled():
    import pytest
    from pydantic import ValidationError

    config = HouseStyleConfig.model_validate(MINIMAL_STYLE)
    assert [(r.name, r.entscheidend) for r in config.rollen] == [
        ("Vorberatung", False), ("Entscheidung", True), ("Kenntnisnahme", False),
        ("Anhörung", False)]
    own = HouseStyleConfig.model_validate({**MINIMAL_STYLE, "rollen": [
        {"name": "Kenntnis", "text": "Information zur Kenntnis", "oparl": "Kenntnisnahme"}]})
    assert own.rollen[0].printed == "Information zur Kenntnis"
    assert own.rollen[0].exported == "Kenntnisnahme"
    with pytest.raises(ValidationError, match="Rolle doppelt: Beschluss"):
        HouseStyleConfig.model_validate({**MINIMAL_STYLE, "rollen": [
            {"name": "Beschluss"}, {"name": "Beschluss", "entscheidend": "ja"}]})
