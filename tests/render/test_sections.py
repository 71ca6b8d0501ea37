"""The body sections: present when the draft has content for them, in the style's order,
under the style's labels."""

import yaml
from docx import Document

from helpers import MINIMAL, STYLES
from pipeline.haus import load_house_style
from pipeline.render import Numbering, build_context, render_vorlage
from pipeline.render.sections import Sections
from pipeline.schema import Draft, example_draft

COSTS = yaml.safe_load(MINIMAL) | {"finanzen": {"haushalt": {"bedarf": 54000,
                                                             "haushaltsansatz": 40000}}}


def body(tmp_path, style_name: str, data: dict) -> list[str]:
    draft = Draft.model_validate(data)
    style = load_house_style(style_name, [STYLES])
    out = tmp_path / "v.docx"
    render_vorlage(draft, style, build_context(draft, style, Numbering("1", False, True)), out)
    return [p.text for p in Document(str(out)).paragraphs]


def test_sections_follow_the_house_style_order_and_labels(tmp_path):
    kempten = body(tmp_path, "kempten", COSTS | {
        "amt_kennziffer": "53", "vorlagenart": "Sitzungsvorlage",
        "finanzen": {"mittel": {"verfuegbar": True, "betrag": 100}}})  # Kempten's own form
    order = [kempten.index(label) for label in ("Sachverhalt:", "Finanzielle Auswirkungen:",
                                                "Beschlussvorschlag:")]
    assert order == sorted(order)  # Kempten: Sachverhalt first, Beschlussvorschlag last
    standard = body(tmp_path, "standard", COSTS)
    assert standard.index("Beschlussvorschlag") < standard.index("Begründung")


def test_a_section_without_content_is_left_out():
    style = load_house_style("standard", [STYLES])
    draft = Draft.model_validate(yaml.safe_load(MINIMAL))
    sections = Sections(draft, style, build_context(draft, style, Numbering("1", False, True)))
    present = {name for name in ("zusammenfassung", "beschlussvorschlag", "finanzen",
                                 "fruehere_behandlung", "begruendung", "anlagen",
                                 "mitzeichnung") if sections.has(name)}
    assert present == {"beschlussvorschlag", "begruendung"}
    full = example_draft()
    all_there = Sections(full, style, build_context(full, style, Numbering("1", False, True)))
    assert all(all_there.has(name) for name in ("zusammenfassung", "finanzen", "anlagen",
                                                "fruehere_behandlung", "mitzeichnung",
                                                "zeichnung", "produktgruppen", "auswirkungen"))


def test_finance_form_with_computed_remainder(tmp_path):
    text = body(tmp_path, "standard", COSTS)
    assert "Finanzielle Auswirkungen: ja" in text
    doc_tables = Document(str(tmp_path / "v.docx")).tables
    cells = [c.text for t in doc_tables for row in t.rows for c in row.cells]
    assert "54.000,00\u00a0€" in cells and "14.000,00\u00a0€" in cells  # Bedarf, ungedeckt


def style_with(tmp_path, extra: str, art_extra: str = ""):
    """The standard style with more keys in haus.yaml (`art_extra` for the Beschlussvorlage)."""
    import shutil

    folder = tmp_path / "styles" / "bezirk"
    shutil.copytree(STYLES / "standard", folder)
    haus = folder / "haus.yaml"
    text = haus.read_text(encoding="utf-8").replace(
        "  - name: Beschlussvorlage\n", "  - name: Beschlussvorlage\n" + art_extra)
    haus.write_text(text + extra, encoding="utf-8")
    return load_house_style("bezirk", [tmp_path / "styles"])


def rendered(tmp_path, style, data: dict, public: bool = False):
    draft = Draft.model_validate(data)
    out = tmp_path / "v.docx"
    render_vorlage(draft, style, build_context(draft, style, Numbering("1", False, True),
                                               public), out, public)
    return Document(str(out))


def test_the_beschlussformel_of_the_vorlagenart_then_the_style_unless_the_draft_has_one(
        tmp_path):
    style = style_with(tmp_path, "beschlussformel: \"Der Rat beschließt:\"\n",
                       "    beschlussformel: \"Die Bezirksverordnetenversammlung wolle "
                       "beschließen:\"\n")
    base = yaml.safe_load(MINIMAL)

    def proposal(data):
        texts = [p.text for p in rendered(tmp_path, style, data).paragraphs]
        start = texts.index("Beschlussvorschlag")
        return texts[start + 1:start + 3]

    assert proposal(base) == ["Die Bezirksverordnetenversammlung wolle beschließen:",
                              "Der Rat beschließt die Beschaffung."]
    assert proposal(base | {"vorlagenart": "Sitzungsvorlage"})[0] == "Der Rat beschließt:"
    own = base | {"beschlussvorschlag": {"einleitung": "Der Hauptausschuss empfiehlt:",
                                         "text": "Die Beschaffung."}}
    assert proposal(own) == ["Der Hauptausschuss empfiehlt:", "Die Beschaffung."]
    # without a formula nothing is added: today's Vorlagen stay as they were
    plain = [p.text for p in rendered(tmp_path, load_house_style("standard", [STYLES]),
                                      base).paragraphs]
    assert plain[plain.index("Beschlussvorschlag") + 1] == "Der Rat beschließt die Beschaffung."


def _numbering(doc, para) -> tuple[str, str] | None:
    """(numFmt, lvlText) of a list paragraph, from the document's numbering definitions."""
    from docx.oxml.ns import qn

    num_pr = para._p.pPr.find(qn("w:numPr")) if para._p.pPr is not None else None
    if num_pr is None:
        return None
    num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
    level = num_pr.find(qn("w:ilvl")).get(qn("w:val"))
    root = doc.part.numbering_part.element
    num = next(n for n in root.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in root.findall(qn("w:abstractNum"))
                    if a.get(qn("w:abstractNumId")) == abstract_id)
    lvl = next(lv for lv in abstract.findall(qn("w:lvl")) if lv.get(qn("w:ilvl")) == level)
    return lvl.find(qn("w:numFmt")).get(qn("w:val")), lvl.find(qn("w:lvlText")).get(qn("w:val"))


def test_recommendations_per_body_are_lettered_by_word_and_a_beschluss_is_quoted(tmp_path):
    data = yaml.safe_load(MINIMAL) | {"beschlussvorschlag": {
        "text": "Der Rat hat am 12.03.2019 beschlossen:",
        "zitat": "„Die Verwaltung wird beauftragt, **Geräte** zu beschaffen.“",
        "empfehlungen": [
            {"einleitung": "Der Hauptausschuss empfiehlt:", "text": "Die Beschaffung."},
            {"einleitung": "Der Rat beschließt:", "punkte": ["Geräte kaufen.", "Berichten."]},
            "Die Verwaltung wird gebeten, zu berichten."]}}
    doc = rendered(tmp_path, load_house_style("standard", [STYLES]), data)
    paras = {p.text: p for p in doc.paragraphs}
    quote = paras["„Die Verwaltung wird beauftragt, Geräte zu beschaffen.“"]
    assert quote.style.name == "Quote" and any(r.bold for r in quote.runs)
    # the letters are Word's numbering, not typed: a), b), c) in one list
    lettered = [paras[t] for t in ("Der Hauptausschuss empfiehlt:", "Der Rat beschließt:",
                                   "Die Verwaltung wird gebeten, zu berichten.")]
    assert [_numbering(doc, p) for p in lettered] == [("lowerLetter", "%1)")] * 3
    assert len({p._p.pPr.numPr.numId.val for p in lettered}) == 1
    assert paras["Die Beschaffung."].style.name == "List Continue"
    assert _numbering(doc, paras["Geräte kaufen."]) == ("decimal", "%2.")  # 1. under b)
    texts = [p.text for p in doc.paragraphs]
    assert texts.index("Der Rat hat am 12.03.2019 beschlossen:") < texts.index(quote.text) \
        < texts.index("Der Hauptausschuss empfiehlt:")


def test_anlagen_are_listed_under_the_number_they_carry(tmp_path):
    style = style_with(tmp_path, "anlagen_zaehlung: a\n")
    data = yaml.safe_load(MINIMAL) | {"anlagen": [
        {"titel": "Lageplan", "datei": "plan.pdf"},
        {"titel": "Kaufvertrag", "datei": "vertrag.pdf", "oeffentlich": False},
        {"titel": "Kostenschätzung", "datei": "kosten.pdf", "nr": "3.1"},
        {"titel": "Modell"},
        {"titel": "Gutachten", "hinweis": "liegt im Bauamt aus"}]}

    def listed(public=False, values=data):
        texts = [p.text for p in rendered(tmp_path, style, values, public).paragraphs]
        return texts[texts.index("Anlagen") + 1:]

    assert listed() == ["Anlage a: Lageplan", "Anlage b: Kaufvertrag",
                        "Anlage 3.1: Kostenschätzung",
                        "Anlage d: Modell (liegt in der Sitzung aus)",
                        "Anlage e: Gutachten (liegt im Bauamt aus)"]
    # a public copy: an own number is a name, so the others keep theirs beside it
    assert listed(public=True)[:2] == ["Anlage a: Lageplan", "Anlage 3.1: Kostenschätzung"]
    # without own numbers it counts what it shows afresh, as before
    counted = data | {"anlagen": [a for a in data["anlagen"] if "nr" not in a]}
    assert listed(public=True, values=counted) == [
        "Anlage a: Lageplan", "Anlage b: Modell (liegt in der Sitzung aus)",
        "Anlage c: Gutachten (liegt im Bauamt aus)"]
