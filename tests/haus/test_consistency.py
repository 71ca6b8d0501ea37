"""haus.yaml's declarations are checked together, every mistake at its line, all at once."""

import pytest

from helpers import DECLARED_STYLE, declared_style
from pipeline.errors import UserError
from pipeline.haus import load_style_folder


def problems_of(tmp_path, text: str) -> list[str]:
    folder = declared_style(tmp_path)
    (folder / "haus.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_style_folder(folder)
    return [f"{p.line}: {p.field}: {p.message}" for p in caught.value.problems]


def test_the_example_declarations_load(tmp_path):
    style = load_style_folder(declared_style(tmp_path))
    assert [f.schluessel for f in style.config.felder][:3] == ["verfasser", "anlass",
                                                               "klimarelevanz"]
    assert style.config.declared_keys()[-2:] == ["rechtsgrundlage", "intern"]
    assert style.labels_for("Beschlussvorlage")["begruendung"] == "Sachdarstellung"
    assert style.labels_for("Mitteilungsvorlage")["begruendung"] == "Begründung"
    assert style.labels_for(None)["klimarelevanz"] == "Klimarelevanz"


def test_reserved_doubled_and_misplaced_declarations(tmp_path):
    text = DECLARED_STYLE.replace(
        "  - {schluessel: flaeche, beschriftung: Fläche in ha, typ: zahl}",
        "  - {schluessel: datum, beschriftung: Datum}\n"
        "  - {schluessel: status, beschriftung: Status}\n"
        "  - {schluessel: anlass, beschriftung: Noch einmal}\n"
        "  - {schluessel: rechtsgrundlage, beschriftung: Wie der Abschnitt}\n"
        "  - {schluessel: ort_x, beschriftung: X, ort: rechtsgrundlag}\n"
        "  - {schluessel: menge, beschriftung: Menge, typ: zahl, standard: viele}")
    found = problems_of(tmp_path, text)
    joined = "\n".join(found)
    assert "felder[6].schluessel: „datum“ ist ein Schlüssel des Formats" in joined
    assert "felder[7].schluessel: „status“ ist ein Schlüssel des Formats" in joined
    assert "felder[8].schluessel: „anlass“ ist schon als Feld vergeben" in joined
    assert "felder[9].schluessel: „rechtsgrundlage“ ist schon als Abschnitt vergeben" in joined
    assert "felder[10].ort: „rechtsgrundlag“ ist kein Ort; meinten Sie „rechtsgrundlage“?" \
        in joined
    assert "felder[11].standard: keine Zahl: 'viele'" in joined
    assert all(line.split(":")[0].isdigit() for line in found)  # each at its line


def test_sections_labels_and_rules_name_what_exists(tmp_path):
    text = DECLARED_STYLE.replace("  - begruendung\n",
                                  "  - begruendng\n  - {schluessel: fazit}\n") \
        .replace("    beschriftungen: {begruendung: Sachdarstellung, vorlagennummer: Drucksache}",
                 "    beschriftungen: {begruendung: Sachdarstellung, klimarelevnz: K}") \
        .replace("{feld: klimarelevanz, ist: ja}", "{feld: klima, ist: ja}") + \
        "  - {stelle: Kämmerei, wenn: {feld: anlass, ist: haushalt}}\n"
    joined = "\n".join(problems_of(tmp_path, text))
    assert "abschnitte[5]: unbekannter Abschnitt „begruendng“; meinten Sie „begruendung“?" \
        in joined
    assert "abschnitte[6]: unbekannter Abschnitt „fazit“; ein eigener Abschnitt braucht " \
        "`beschriftung`" in joined
    assert "vorlagenarten[1].beschriftungen.klimarelevnz: unbekannte Beschriftung; meinten " \
        "Sie „klimarelevanz“?" in joined
    assert "mitzeichnung[1].wenn.feld: kein eigenes Feld „klima“ im Hausstil" in joined
    assert "mitzeichnung[2].wenn.ist: „haushalt“ ist keine Option von anlass" in joined


def test_settings_that_only_own_sections_have_are_refused_on_built_in_ones(tmp_path):
    text = DECLARED_STYLE.replace("  - begruendung\n",
                                  "  - {schluessel: begruendung, veroeffentlichen: nein}\n")
    assert any("abschnitte[5].veroeffentlichen: `veroeffentlichen` gilt nur für eigene "
               "Abschnitte" in line for line in problems_of(tmp_path, text))
