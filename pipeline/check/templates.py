"""Checks a house style's Word templates before anything is rendered with them.

After an edit in Word a template may use a variable the tool does not provide (`{{ betref }}`),
hold a broken Jinja tag (`{% if %}`), or lack a style the generated content needs. Each such
mistake becomes one line naming the template, the paragraph and what is wrong. `vorlage build`
runs the same check and refuses a broken house style with the same lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import TemplateSyntaxError, nodes

from ..errors import Problem, display_path, meinten_sie
from ..haus import HouseStyle, draft_model, form_model, sample_value, sample_values
from ..schema import example_draft

# The renderer (docxtpl, python-docx) is imported inside the functions that read templates,
# so `vorlage check` loads it only when a house style is checked for the first time.

REQUIRED_STYLES = ("Heading 1", "Heading 2", "Heading 3", "List Paragraph", "List Continue",
                   "Quote", "footnote text", "footnote reference", "Vorlage Tabelle",
                   "Vorlage Formular", "Vorlage Unterschriften")
JINJA_GLOBALS = {"range", "dict", "lipsum", "cycler", "joiner", "namespace", "loop"}
ANY = object()   # shape of a value whose inner structure is not checked
LEAF = "leaf"    # shape of a plain value

_DOCXTPL_TAGS = [(re.compile(r"\{%-?\s*(tr|tc|p|r)\s"), "{% "),
                 (re.compile(r"\{\{-?\s*(tr|tc|p|r)\s"), "{{ ")]


def shape_of(value):
    if isinstance(value, dict):
        return {k: shape_of(v) for k, v in value.items()}
    if isinstance(value, list):
        return ("list", shape_of(value[0]) if value else ANY)
    return LEAF


def example_for(style: HouseStyle):
    """The example draft with a sample value in every field the style declares, so the
    template is checked against declared names and the header rows they make."""
    model = draft_model(style).model_fields["felder"].annotation
    samples = {f.schluessel: sample_value(f) for f in style.config.felder}
    samples |= {key: "Beispiel" for key in style.config.declared_keys() if key not in samples}
    form = style.config.finance_form
    finanzen = form_model(form).model_validate(sample_values(form.root))
    return example_draft().model_copy(update={"felder": model.model_validate(samples),
                                              "finanzen": finanzen})


def vorlage_shape(style: HouseStyle) -> dict:
    """Every name a Vorlage template may use, with the structure of its value."""
    from ..render import BLOCK_NAMES, Numbering, build_context

    context = build_context(example_for(style), style, Numbering("2024/0001", True, False))
    shape = shape_of(context)
    sections = [*BLOCK_NAMES, *style.config.section_keys]
    shape.update({"inhalt": LEAF, "logo": LEAF, "betreff": LEAF,
                  "abschnitte": {name: LEAF for name in sections}})
    return shape


def _paragraph_sources(doc) -> list[tuple[str, list[tuple[str, str]]]]:
    """(part name, [(location, text), ...]) for the body and every header and footer."""
    def walk(container, prefix, out, counter):
        for block in container.iter_inner_content():
            if block.__class__.__name__ == "Paragraph":
                counter[0] += 1
                out.append((f"{prefix}Absatz {counter[0]}", block.text))
            else:
                counter[1] += 1
                t = counter[1]
                for r, row in enumerate(block.rows, 1):
                    for c, cell in enumerate(row.cells, 1):
                        for para in cell.paragraphs:
                            out.append((f"{prefix}Tabelle {t}, Zeile {r}, Spalte {c}", para.text))

    parts = []
    body: list = []
    walk(doc, "", body, [0, 0])
    parts.append(("Text", body))
    for s, section in enumerate(doc.sections, 1):
        for label, part in (("Kopfzeile erste Seite", section.first_page_header),
                            ("Kopfzeile", section.header),
                            ("Fußzeile erste Seite", section.first_page_footer),
                            ("Fußzeile", section.footer)):
            if part.is_linked_to_previous and s > 1:
                continue
            lines: list = []
            walk(part, f"{label}, ", lines, [0, 0])
            parts.append((label, lines))
    return parts


def _normalise(text: str) -> str:
    for pattern, replacement in _DOCXTPL_TAGS:
        text = pattern.sub(replacement, text)
    return text


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


def check_docx(path: Path, shape: dict, styles_needed=REQUIRED_STYLES) -> list[Problem]:
    from docx import Document

    from ..render import jinja_env

    shown = display_path(path)
    try:
        doc = Document(str(path))
    except Exception as exc:  # not a Word file at all
        return [Problem(shown, None, None, "", f"keine lesbare Word-Datei ({exc})")]
    problems: list[Problem] = []
    env = jinja_env()
    for _, lines in _paragraph_sources(doc):
        # One line per paragraph: a line break inside a paragraph (a table cell of two
        # lines) must not shift the line numbers Jinja reports.
        texts = [_normalise(text).replace("\n", " ") for _, text in lines]
        if not any("{" in t for t in texts):
            continue
        tree = None
        for _ in range(len(texts)):
            try:
                tree = env.parse("\n".join(texts))
                break
            except TemplateSyntaxError as exc:
                index = min(exc.lineno, len(lines)) - 1
                where, text = lines[index]
                problems.append(Problem(shown, None, None, f"{where} („{_snippet(text)}“)",
                                        f"Jinja-Syntaxfehler: {exc.message}"))
                # Blank the broken paragraph and go on, so later mistakes are found too.
                texts[index] = ""
        if tree is None:
            continue
        for _name, lineno, message in _unknown_names(tree, shape):
            where, text = lines[min(lineno, len(lines)) - 1]
            problems.append(Problem(shown, None, None, f"{where} („{_snippet(text)}“)", message))
    problems = list(dict.fromkeys(problems))  # a header shared by sections is read once
    present = {s.name for s in doc.styles}
    for style in styles_needed:
        if style not in present:
            problems.append(Problem(shown, None, None, "Formatvorlagen",
                                    f"Formatvorlage „{style}“ fehlt (die erzeugten Abschnitte "
                                    "brauchen sie)"))
    return problems


def _unknown_names(tree, shape: dict):
    found: list[tuple[str, int, str]] = []

    def suggest(name, options):
        hint = meinten_sie(name, options)
        return f"; {hint}" if hint else ""

    def shape_of_expr(expr, scope):
        if isinstance(expr, nodes.Name):
            if expr.name in scope:
                return scope[expr.name]
            if expr.name not in JINJA_GLOBALS:
                found.append((expr.name, expr.lineno, f"unbekannte Variable „{expr.name}“"
                              + suggest(expr.name, scope)))
            return ANY
        if isinstance(expr, (nodes.Getattr, nodes.Getitem)):
            base = shape_of_expr(expr.node, scope)
            if isinstance(expr, nodes.Getattr):
                key = expr.attr
            elif isinstance(expr.arg, nodes.Const) and isinstance(expr.arg.value, str):
                key = expr.arg.value
            else:
                visit(expr.arg, scope)
                return ANY
            if isinstance(base, dict):
                if key in base:
                    return base[key]
                found.append((key, expr.lineno, f"unbekanntes Feld „{key}“"
                              + suggest(key, base)))
            return ANY
        visit(expr, scope)
        return ANY

    def bind(target, value_shape, scope):
        if isinstance(target, nodes.Name):
            scope[target.name] = value_shape
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                bind(item, ANY, scope)

    def visit(node, scope):
        if isinstance(node, nodes.For):
            iterated = shape_of_expr(node.iter, scope)
            inner = dict(scope)
            element = iterated[1] if isinstance(iterated, tuple) else ANY
            bind(node.target, element, inner)
            inner["loop"] = ANY
            for child in node.body + node.else_:
                visit(child, inner)
            if node.test is not None:
                visit(node.test, inner)
            return
        if isinstance(node, nodes.Assign):
            shape_of_expr(node.node, scope)
            bind(node.target, ANY, scope)
            return
        if isinstance(node, (nodes.Macro, nodes.CallBlock)):
            inner = dict(scope)
            for arg in getattr(node, "args", []):
                bind(arg, ANY, inner)
            for child in node.body:
                visit(child, inner)
            return
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
            shape_of_expr(node, scope)
            return
        for child in node.iter_child_nodes():
            visit(child, scope)

    visit(tree, dict(shape))
    return found


def agenda_shape(style: HouseStyle) -> dict:
    """Every name a Tagesordnung template may use."""
    from ..render import Agenda, agenda_values

    example = example_draft()
    agenda = Agenda(style, "Rat", example.datum, "15:00", "Rathaus", example.datum, ())
    shape = shape_of(agenda_values(agenda, None))
    shape.update({"deckblatt": LEAF, "teile": LEAF, "logo": LEAF})
    return shape


def minutes_shape(style: HouseStyle) -> dict:
    """Every name a Niederschrift template may use (also for the page of earlier results)."""
    from ..render import Minutes, minutes_values

    example = example_draft()
    minutes = Minutes(style, "Rat", example.datum, "Rathaus", "15:00", None, None, None, ())
    shape = shape_of(minutes_values(minutes))
    shape.update({"inhalt": LEAF, "logo": LEAF})
    return shape


_TEXTS: dict[str, str] = {}
_INHALT = re.compile(r"\{\{p?\s*inhalt\s*\}\}")  # the tag, not the word in some text


def template_text(style: HouseStyle) -> str:
    """All text of the Vorlage template (body, headers, footers), once per style version."""
    from docx import Document

    if style.fingerprint not in _TEXTS:
        _TEXTS[style.fingerprint] = "\n".join(
            text for _, lines in _paragraph_sources(Document(str(style.template)))
            for _, text in lines)
    return _TEXTS[style.fingerprint]


def prints_section(style: HouseStyle, name: str) -> bool:
    """Whether the template prints a body section: in `inhalt` by the style's order, or
    placed alone as `abschnitte.<name>`."""
    text = template_text(style)
    return (name in style.config.section_keys and _INHALT.search(text) is not None) or \
        f"abschnitte.{name}" in text


def unprinted_declarations(style: HouseStyle) -> list[Problem]:
    """A warning per declared header field the Word template prints nowhere: a template
    made before the declaration (or copied from a style without the `kopf` rows) would
    leave it out silently. Sections come through `inhalt` or their own block."""
    joined = template_text(style)
    loops_kopf = re.search(r"\bin\s+kopf\b", joined) is not None
    out = []
    for feld in style.config.felder:
        if feld.ort != "kopf" or loops_kopf or re.search(
                rf"felder\s*(\.\s*{feld.schluessel}\b|\[\s*['\"]{feld.schluessel}['\"])", joined):
            continue
        out.append(Problem(display_path(style.template), None, None, f"felder.{feld.schluessel}",
                           "Kopffeld wird nicht gedruckt: die Word-Vorlage hat weder die Zeilen "
                           "{%tr for f in kopf %} noch {{ felder." + feld.schluessel + " }}",
                           "warning"))
    for section in style.config.abschnitte:
        key = section.schluessel
        if not prints_section(style, key):
            out.append(Problem(display_path(style.template), None, None, key,
                               "Abschnitt wird nicht gedruckt: die Word-Vorlage hat weder "
                               "{{p inhalt }} noch {{p abschnitte." + key + " }}", "warning"))
    return out


_CACHE: dict[str, list[Problem]] = {}


def check_house_style(style: HouseStyle) -> list[Problem]:
    """Template problems of a house style, computed once per version of its files."""
    key = style.fingerprint
    if key not in _CACHE:
        problems = check_docx(style.template, vorlage_shape(style))
        if style.agenda_template.is_file():
            problems += check_docx(style.agenda_template, agenda_shape(style))
        if style.minutes_template.is_relative_to(style.folder):  # its own, not the bundled
            problems += check_docx(style.minutes_template, minutes_shape(style))
        _CACHE[key] = problems
    return _CACHE[key]
