"""Declarations in haus.yaml: fields with a kind and options, sections, what they default to."""

import pytest
from pydantic import ValidationError

from pipeline.haus import RESERVED, Abschnitt, Feld, Option, sample_value


def test_an_option_written_as_a_label_gets_a_key():
    option = Option.model_validate("Rechtliche Vorschrift")
    assert (option.schluessel, option.beschriftung, option.text) == (
        "rechtliche_vorschrift", "Rechtliche Vorschrift", False)
    assert Option.model_validate("Größe über 5 m²").schluessel == "groesse_ueber_5_m"
    assert Option.model_validate("§ 28 BbgKVerf").schluessel == "28_bbgkverf"  # a value
    with pytest.raises(ValidationError, match="kein Schlüssel einer Option"):
        Option(schluessel="Ja", beschriftung="ja")


def test_keys_are_ascii_snake_case():
    for bad in ("Klima", "klima-relevanz", "räumlich", "1feld", "feld__x", "feld_"):
        with pytest.raises(ValidationError, match="ist kein Schlüssel"):
            Feld(schluessel=bad, beschriftung="X")
    assert Feld(schluessel="raeumlicher_bezug2", beschriftung="X").typ == "text"


def test_choices_need_options_and_other_kinds_have_none():
    with pytest.raises(ValidationError, match="`auswahl` braucht `optionen`"):
        Feld(schluessel="k", beschriftung="K", typ="auswahl")
    with pytest.raises(ValidationError, match="Option doppelt: a"):
        Feld(schluessel="k", beschriftung="K", typ="ankreuzen", optionen=["a", "A"])
    with pytest.raises(ValidationError, match="nur bei auswahl und ankreuzen"):
        Feld(schluessel="k", beschriftung="K", typ="text", optionen=["a"])
    with pytest.raises(ValidationError, match="literal_error"):
        Feld(schluessel="k", beschriftung="K", typ="liste")


def test_a_printed_field_is_published_unless_it_says_otherwise():
    assert Feld(schluessel="a", beschriftung="A").published
    assert not Feld(schluessel="a", beschriftung="A", veroeffentlichen=False).published
    assert not Feld(schluessel="a", beschriftung="A", ort="keiner").published
    assert Feld(schluessel="a", beschriftung="A", ort="keiner", veroeffentlichen=True).published


def test_a_section_entry_may_be_a_name_or_a_map():
    assert Abschnitt.model_validate("begruendung").beschriftung is None
    own = Abschnitt.model_validate({"schluessel": "rechtsgrundlage",
                                    "beschriftung": "Rechtsgrundlage", "leer_zeigen": "ja"})
    assert own.leer_zeigen is True and own.veroeffentlichen is True


def test_every_kind_has_a_sample_value_its_model_accepts():
    from pydantic import TypeAdapter

    from pipeline.haus import KINDS, value_type

    for kind in KINDS:
        options = ["eins", "zwei"] if kind in ("auswahl", "ankreuzen") else []
        feld = Feld(schluessel="f", beschriftung="F", typ=kind, optionen=options)
        assert TypeAdapter(value_type(feld)).validate_python(sample_value(feld)) is not None


def test_the_template_context_names_are_reserved():
    """Every name build_context gives a template is reserved, so no declaration takes it."""
    from pipeline.haus import bundled_styles, load_house_style
    from pipeline.render import Numbering, build_context
    from pipeline.schema import example_draft

    style = load_house_style("standard", [bundled_styles()])
    context = build_context(example_draft(), style, Numbering("2024/0001", True, False))
    assert set(context) - RESERVED == set()
