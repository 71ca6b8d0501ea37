"""Declared fields as templates print them: worded, German formats, only what a copy may show."""

from pathlib import Path

import pytest

from helpers import DECLARED_DRAFT, declared_style
from pipeline.haus import load_style_folder
from pipeline.render import Formats, declared_context, declared_record


@pytest.fixture
def style(tmp_path):
    return load_style_folder(declared_style(tmp_path))


def checked_draft(tmp_path, style, text=DECLARED_DRAFT):
    from pipeline.haus import draft_model
    from pipeline.schema import load_yaml, validate

    path = Path(tmp_path) / "d.yaml"
    path.write_text(text, encoding="utf-8")
    return validate(load_yaml(path, "Entwurf"), draft_model(style))


def test_every_kind_is_printed_in_german(tmp_path, style):
    draft = checked_draft(tmp_path, style)
    labels = style.labels_for(draft.vorlagenart)
    context = declared_context(draft, style, Formats(style), labels, public=False)
    felder = context["felder"]
    assert felder["anlass"] == "Stadtratsbeschluss, Sonstiges: Bürgerantrag vom Mai"
    assert felder["klimarelevanz"] == "klimarelevant (Begründung: Bäume spenden Schatten)"
    assert felder["frist"] == "31.12.2030" and felder["flaeche"] == "1,5"
    assert felder["kosten"] == "12.500,50\u00a0€" and felder["hinweise"] == "Gilt sofort."
    assert felder["produkt"] == "11.01"  # the declared default
    assert felder["eilig"] == "" and felder["rechtsgrundlage"] == "§ 41 GO NRW"
    rows = {row["schluessel"]: row for row in context["kopf"]}
    # header rows in declaration order; empty ones only where the style shows them empty
    assert list(rows) == ["verfasser", "anlass", "klimarelevanz", "eilig", "frist",
                          "flaeche", "produkt"]
    assert rows["anlass"]["wert"] == ("☐\u00a0Rechtliche Vorschrift   ☒\u00a0Stadtratsbeschluss"
                                      "   ☒\u00a0Sonstiges: Bürgerantrag vom Mai")
    assert rows["verfasser"]["beschriftung"] == "Verfasser:" and rows["eilig"]["wert"] == ""


def test_a_public_copy_leaves_out_what_is_not_published(tmp_path, style):
    draft = checked_draft(tmp_path, style)
    context = declared_context(draft, style, Formats(style), style.labels, public=True)
    assert context["felder"]["verfasser"] == "" and context["felder"]["intern"] == ""
    assert "verfasser" not in [row["schluessel"] for row in context["kopf"]]
    assert context["felder"]["anlass"]  # published


def test_the_archive_keeps_values_as_written_and_whether_they_are_public(tmp_path, style):
    record = declared_record(checked_draft(tmp_path, style), style, Formats(style))
    assert record["klimarelevanz"]["roh"] == {"wahl": "ja", "text": "Bäume spenden Schatten"}
    assert record["verfasser"]["oeffentlich"] is False
    assert record["intern"] == {"beschriftung": "Interne Vermerke",
                                "wert": "Nur für die Verwaltung.",
                                "roh": "Nur für die Verwaltung.", "oeffentlich": False}
    assert "eilig" not in record  # no value, nothing kept


def test_what_a_public_copy_must_leave_out_makes_a_copy(tmp_path):
    """A default of an unpublished field, and a field printed in an unpublished section,
    stay out of public outputs just like a value the draft gives."""
    from helpers import DECLARED_STYLE
    from pipeline.render import visible, withheld

    folder = declared_style(tmp_path)
    (folder / "haus.yaml").write_text(DECLARED_STYLE.replace(
        "veroeffentlichen: nein, pflicht: ja}", "veroeffentlichen: nein, standard: E. Geheim}")
        .replace("  - {schluessel: produkt,", "  - {schluessel: sachbearbeitung, beschriftung: "
                 "Sachbearbeitung, ort: intern}\n  - {schluessel: produkt,"), encoding="utf-8")
    style = load_style_folder(folder)
    assert not visible(style, "sachbearbeitung", public=True)
    assert visible(style, "sachbearbeitung", public=False)
    text = DECLARED_DRAFT.replace("  verfasser: Erika Mustermann\n", "") \
        .replace("  intern: Nur für die Verwaltung.\n", "")
    draft = checked_draft(tmp_path, style, text)
    assert withheld(draft, style)  # the default E. Geheim is printed in the final
    public = declared_context(draft, style, Formats(style), style.labels, public=True)
    assert "verfasser" not in [row["schluessel"] for row in public["kopf"]]
    record = declared_record(draft, style, Formats(style))
    assert record["verfasser"]["wert"] == "E. Geheim" and not record["verfasser"]["oeffentlich"]
