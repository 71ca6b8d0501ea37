"""A draft with every optional field filled: the reference for what templates may use.

`vorlage templates check` derives the names a template may use from the context built for
this draft, so a new field in the model becomes usable in templates without a second list.
"""

from __future__ import annotations

from .model import Draft

EXAMPLE = {
    "hausstil": "standard",
    "vorlagenart": "Beschlussvorlage",
    "oeffentlich": True,
    "amt": "53 Amt für Beispiele",
    "amt_kennziffer": "53",
    "verantwortlich": "Erika Muster, Amtsleitung",
    "datum": "01.02.2024",
    "vorlagennummer": None,
    "aktenzeichen": "53.1-0815",
    "bezug": "2023/0001",
    "beratungsfolge": [
        {"gremium": "Hauptausschuss", "sitzung": "01.03.2024", "top": "3",
         "sitzungsname": "12. Sitzung des Hauptausschusses", "zustaendigkeit": "Vorberatung",
         "ergebnis": {"status": "verwiesen", "an": "Rat", "hinweis": "mit Änderung",
                      "abstimmung": {"art": "Stimmen", "ja": "12", "nein": "3",
                                     "enthaltungen": "1"}}},
        {"gremium": "Rat", "sitzung": "14.03.2024", "zustaendigkeit": "Entscheidung"},
    ],
    "betreff": "Beispiel\nzweite Zeile",
    "zusammenfassung": "Kurz gesagt.",
    "beschlussvorschlag": {"einleitung": "Der Rat beschließt:", "text": "Absatz",
                           "punkte": [{"text": "Punkt", "finanzen": True,
                                       "unterpunkte": [{"text": "a", "unterpunkte": ["i"]}]}],
                           "zitat": "„Beschluss“",
                           "empfehlungen": [{"einleitung": "Der Ausschuss empfiehlt:",
                                             "text": "Annahme", "zitat": "„Beschluss“",
                                             "punkte": [{"text": "Punkt",
                                                         "unterpunkte": ["a"]}]}]},
    "finanzen": {
        "produktgruppen": ["11.01"], "erlaeuterung": "Gedeckt.",
        "haushalt": {"haushaltsjahr": "2024", "produkt_sachkonto": "1.2/3", "bedarf": "100",
                     "haushaltsansatz": "50", "zusaetzliche_einnahmen": "10",
                     "einmalige_belastung": "5", "jaehrliche_folgekosten": "1",
                     "art_der_ausgabe": "konsumtiv"},
        "teilergebnisplaene": [{"baustein": "Baustein 1", "teilergebnisplan": "11.01",
                                "bereich": "im Beispielamt",
                                "umfang": [{"vzae": "1.0", "bei": "freien Trägern"}],
                                "mehraufwand": [{"von": "01.01.2024", "bis": "31.12.2024",
                                                 "betrag": "100"}],
                                "deckung": {"teilergebnisplan": "11.01",
                                            "posten": [{"jahr": "2024", "betrag": "60"}]}}],
        "restdeckung": {"jahr": "2024", "durch": "aus Mitteln", "stellen": [
            {"stelle": "170", "betrag": "40"}]},
    },
    "fruehere_behandlung": [{"gremium": "Rat", "datum": "01.01.2023", "top": "1",
                             "drucksache": "2023/0001"}],
    "begruendung": "Text",
    "anlagen": [{"titel": "Anlage", "datei": "a.pdf", "nr": "3.1", "hinweis": "Auszug"}],
    "zeichnung": {"ort": "Musterstadt", "datum": "01.02.2024",
                  "unterzeichner": [{"rolle": "Oberbürgermeister", "name": "Muster"}],
                  "ansprechpartner": {"rolle": "Ansprechpartnerin", "name": "Muster, Erika"},
                  "beteiligte_fachbereiche": ["Kämmerei"]},
    "mitzeichnung": [{"stelle": "Kämmerei", "status": "erteilt mit Hinweis", "name": "K",
                      "datum": "01.02.2024", "hinweis": "Deckung im Nachtrag"}],
}


def example_draft() -> Draft:
    return Draft.model_validate(EXAMPLE)
