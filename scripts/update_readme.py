"""Rewrites the generated parts of README.md: the draft format reference (from the schema),
the map of the code (from the package's layers and docstrings) and the measured figures
(from bench/results.json and bench/preview.json)."""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pipeline  # noqa: E402
from pipeline.haus import default_draft_model  # noqa: E402
from pipeline.schema import format_reference  # noqa: E402

README = ROOT / "README.md"
FORMAT = re.compile(r"(<!-- format:start -->\n).*?(<!-- format:end -->)", re.S)
MAP = re.compile(r"(<!-- map:start -->\n).*?(<!-- map:end -->)", re.S)
BENCH = re.compile(r"(<!-- bench:start -->\n).*?(<!-- bench:end -->)", re.S)
PREVIEW = re.compile(r"(<!-- preview:start -->\n).*?(<!-- preview:end -->)", re.S)
DECLARED = re.compile(r"(<!-- felder:start -->\n).*?(<!-- felder:end -->)", re.S)
FINANZEN = re.compile(r"(<!-- finanzformular:start -->\n).*?(<!-- finanzformular:end -->)", re.S)
GREMIEN = re.compile(r"(<!-- gremien:start -->\n).*?(<!-- gremien:end -->)", re.S)

# One declaration per kind: (haus.yaml entry, value in the draft). The printed column is
# computed by the renderer, so the README shows what a PDF shows.
KIND_EXAMPLES = [
    ("{schluessel: verfasser, beschriftung: Verfasser, veroeffentlichen: nein}",
     "verfasser: Erika Muster"),
    ("{schluessel: hinweise, beschriftung: Hinweise, typ: markdown, ort: rechtsgrundlage}",
     "hinweise: Gilt **sofort**."),
    ("{schluessel: klimarelevanz, beschriftung: Klimarelevanz, typ: auswahl, text: ja, "
     "optionen: [{schluessel: positiv, beschriftung: positive Auswirkungen}, "
     "{schluessel: keine, beschriftung: keine}]}",
     "klimarelevanz: {wahl: positiv, text: Weniger Verkehr}"),
    ("{schluessel: eilig, beschriftung: Eilbedürftig, typ: janein}", "eilig: ja"),
    ("{schluessel: anlass, beschriftung: Anlass, typ: ankreuzen, optionen: [Rechtliche "
     "Vorschrift, Stadtratsbeschluss, {schluessel: sonstiges, beschriftung: \"Sonstiges:\", "
     "text: ja}]}",
     "anlass: [stadtratsbeschluss, {wahl: sonstiges, text: Antrag des Ortsbeirats}]"),
    ("{schluessel: frist, beschriftung: Umsetzung bis, typ: datum}", "frist: 31.12.2025"),
    ("{schluessel: flaeche, beschriftung: Fläche in ha, typ: zahl}", "flaeche: 2,75"),
    ("{schluessel: kosten, beschriftung: Gesamtkosten, typ: betrag, ort: finanzen}",
     "kosten: 12500.5"),
]


def summary(name: str) -> tuple[str, str]:
    """(path, first paragraph of the docstring) of a package or root module of `pipeline`."""
    package = ROOT / "pipeline" / name
    path = package / "__init__.py" if package.is_dir() else package.with_suffix(".py")
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    first = " ".join(doc.split("\n\n")[0].split()).removeprefix(f"{name}: ")
    shown = f"pipeline/{name}/" if package.is_dir() else f"pipeline/{name}.py"
    return shown, first[:1].upper() + first[1:]


def code_map() -> str:
    """One row per package, highest layer first; a package imports only from rows below."""
    rows = ["| layer | package | what it holds |", "|---|---|---|"]
    for depth, layer in enumerate(pipeline.LAYERS):
        for name in layer:
            shown, text = summary(name)
            rows.append(f"| {len(pipeline.LAYERS) - depth} | `{shown}` | {text} |")
    return "\n".join(rows) + "\n"


def preview_table() -> str:
    path = ROOT / "bench" / "preview.json"
    if not path.exists():
        return "(noch nicht gemessen: `python bench/preview.py`)\n"
    r = json.loads(path.read_text(encoding="utf-8"))
    return ("| first preview | after that, median | after that, slowest | runs |\n"
            "|---|---|---|---|\n"
            f"| {r['first_s']} s | {r['median_s']} s | {r['max_s']} s | {r['runs']} |\n")


def _verdict(value, limit, below: bool = True) -> str:
    """"met" or "missed" for a figure against its target (at most / below the limit)."""
    if value is None:
        return "not measured"
    return "met" if (value <= limit if below else value >= limit) else "missed"


def bench_table() -> str:
    path = ROOT / "bench" / "results.json"
    if not path.exists():
        return "(noch nicht gemessen: `python bench/batch.py`)\n"
    r = json.loads(path.read_text(encoding="utf-8"))
    runs = lambda key, src=r: ", ".join(map(str, src.get(key, [])))  # noqa: E731
    rows = [
        ("machine", r["machine"], ""),
        ("drafts (documents converted), jobs",
         f"{r['documents']} ({r['converted_documents']}), {r['jobs']}", ""),
        ("cold build, median", f"{r['cold_s']} s ({r['documents_per_s']} Vorlagen/s); runs "
                               f"{runs('cold_runs_s')} s", ""),
        ("floor (frozen pre-issue DOCX), median",
         f"{r['floor_s']} s; runs {runs('floor_runs_s')} s", ""),
        ("cold / floor (target ≤ 1.2)", f"{r['overhead_vs_floor']}×",
         _verdict(r["overhead_vs_floor"], 1.2)),
        ("cold / floor on this build's DOCX",
         f"{r.get('overhead_vs_floor_new_intermediates', '–')}× (floor "
         f"{r.get('floor_new_intermediates_s', '–')} s)", ""),
        ("tool's own CPU per Vorlage (guide ≈ 15 ms)",
         f"{r.get('tool_cpu_ms_per_vorlage', '–')} ms", ""),
        ("LibreOffice CPU: the tool's workers / the floor",
         f"{r.get('libreoffice_cpu_s', '–')} s / {r.get('floor_cpu_s', '–')} s", ""),
        ("naive loop (one soffice per document)",
         f"{r['naive_s']} s (from {r['naive_extrapolated_from']})", ""),
        ("speed-up over the naive loop", f"{r['speedup_vs_naive']}×", ""),
        ("rebuild, nothing changed (target < 1 s)", f"{r['nochange_rebuild_s']} s",
         _verdict(r["nochange_rebuild_s"], 1.0)),
        ("rebuild, one draft changed (target < 2 s)", f"{r['one_changed_rebuild_s']} s",
         _verdict(r["one_changed_rebuild_s"], 2.0)),
        ("peak memory, all processes (target < 1 GiB)", f"{r['peak_rss_mib']} MiB",
         _verdict(r["peak_rss_mib"], 1024)),
    ]
    finals = r.get("finals")
    if finals:
        rows += [
            ("finals (PDF/A, tagged, sanitised Anlagen), median",
             f"{finals['final_s']} s; runs {runs('final_runs_s', finals)} s", ""),
            ("floor with PDF/A-2 and tagged options, median",
             f"{finals['floor_pdfa_s']} s; runs {runs('floor_pdfa_runs_s', finals)} s", ""),
            ("finals / floor (target ≤ 1.25)", f"{finals['overhead_vs_floor']}×",
             _verdict(finals["overhead_vs_floor"], 1.25)),
            ("finals: tool's CPU per Vorlage; LibreOffice CPU / floor's",
             f"{finals['tool_cpu_ms_per_vorlage']} ms; {finals['libreoffice_cpu_s']} s / "
             f"{finals['floor_cpu_s']} s", "")]
    session = r.get("sitzung")
    if session:
        rows += [
            (f"session of {session['vorlagen']} three-page Vorlagen, cold CLI (target ≤ 135 ms)",
             f"{session['cold_ms_per_vorlage']} ms per Vorlage; runs "
             f"{runs('cold_runs_s', session)} s", _verdict(session["cold_ms_per_vorlage"], 135)),
            ("the same on the server's warm pool (target ≤ 72 ms)",
             f"{session['warm_ms_per_vorlage']} ms per Vorlage; runs "
             f"{runs('warm_runs_s', session)} s", _verdict(session["warm_ms_per_vorlage"], 72))]
    return ("| figure | value | target |\n|---|---|---|\n"
            + "".join(f"| {k} | {v} | {t} |\n" for k, v, t in rows))


def declarations_reference() -> str:
    """The keys of a declared field and section (from their models) and one example per
    kind, printed as the standard template prints it."""
    import yaml

    from pipeline.haus import KIND_NAMES, Abschnitt, Feld, value_type
    from pipeline.render import Formats, printed
    from pydantic import TypeAdapter

    class _Style:  # Formats needs only the amount pattern
        class config:
            betragsformat = "#,##0.00\u00a0¤"

    fmt = Formats(_Style)
    out = [format_reference(Feld).replace("#### Oberste Ebene", "#### Ein Eintrag in "
                                          "`felder:` (haus.yaml)", 1),
           format_reference(Abschnitt).replace("#### Oberste Ebene", "#### Ein eigener "
                                               "Abschnitt in `abschnitte:` (haus.yaml)", 1),
           "#### Ein Beispiel je Art\n",
           "| Art | in haus.yaml (`felder:`) | im Entwurf (`felder:`) | gedruckt |",
           "|---|---|---|---|"]
    for declaration, value in KIND_EXAMPLES:
        feld = Feld.model_validate(yaml.safe_load(declaration))
        raw = yaml.safe_load(value)[feld.schluessel]
        shown = printed(feld, TypeAdapter(value_type(feld)).validate_python(
            str(raw) if isinstance(raw, float) else raw), fmt, boxes=True)
        out.append(f"| {feld.typ} ({KIND_NAMES[feld.typ]}) | `- {declaration}` | `{value}` | "
                   f"{feld.beschriftung}: {shown} |")
    return "\n".join(out).replace("\u00a0", " ") + "\n"


def finance_reference() -> str:
    """The bundled Mittelbereitstellung form: its declaration, a draft's block and the text
    it prints, made by the engine that builds the PDF."""
    import yaml

    from pipeline.haus import draft_model, load_house_style
    from pipeline.render import Finance, Formats

    style = load_house_style("waiblingen", [ROOT / "pipeline" / "haus" / "styles"])
    text = (style.folder / "haus.yaml").read_text(encoding="utf-8")
    declared = text[text.index("finanzen:\n"):].rstrip()
    draft_file = ROOT / "drafts" / "waiblingen-mittelbereitstellung.yaml"
    draft_text = draft_file.read_text(encoding="utf-8")
    block = draft_text[draft_text.index("finanzen:\n"):draft_text.index("\nbegruendung:")]
    data = yaml.safe_load(draft_text)
    draft = draft_model(style).model_validate(data)
    printed = Finance(draft, style, Formats(style)).printed_text(style.config.section_keys)
    return ("In `haus.yaml` (Hausstil `waiblingen`):\n\n```yaml\n" + declared + "\n```\n\n"
            "In the draft (`drafts/waiblingen-mittelbereitstellung.yaml`):\n\n```yaml\n"
            + block.rstrip() + "\n```\n\nPrinted (the two groups as tables, then the computed "
            "sums; as text):\n\n```text\n" + printed.replace("\u00a0", " ") + "\n```\n")


def gremien_reference() -> str:
    from pipeline.haus import GremienDatei

    return format_reference(GremienDatei).replace("#### Oberste Ebene", "#### gremien.yaml", 1)


def updated(text: str) -> str:
    text = FORMAT.sub(lambda m: m.group(1) + format_reference(default_draft_model()) + m.group(2),
                     text)
    text = DECLARED.sub(lambda m: m.group(1) + declarations_reference() + m.group(2), text)
    text = GREMIEN.sub(lambda m: m.group(1) + gremien_reference() + m.group(2), text)
    text = FINANZEN.sub(lambda m: m.group(1) + finance_reference() + m.group(2), text)
    text = MAP.sub(lambda m: m.group(1) + code_map() + m.group(2), text)
    text = BENCH.sub(lambda m: m.group(1) + bench_table() + m.group(2), text)
    return PREVIEW.sub(lambda m: m.group(1) + preview_table() + m.group(2), text)


if __name__ == "__main__":
    README.write_text(updated(README.read_text(encoding="utf-8")), encoding="utf-8")
    print("README.md: Formatreferenz, Karte des Codes und Messwerte aktualisiert")
