"""The drafts the benchmarks build: realistic German administrative prose from the seed
drafts, all five house styles with their own finance forms and the sign-offs they require, a
third with one or two Anlagen (PDF/A-fit PDFs and Word files), deterministic for a seed."""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STYLES = {
    # house style: (Vorlagenart, Beratungsfolge, extra keys)
    "standard": ("Beschlussvorlage", [("Hauptausschuss", "Vorberatung"),
                                      ("Rat der Stadt", "Entscheidung")], {}),
    "kempten": ("Sitzungsvorlage", [("Ausschuss für soziale Fragen", "Entscheidung")],
                {"amt_kennziffer": "53"}),
    "bielefeld": ("Beschlussvorlage", [("Integrationsrat", "Vorberatung"),
                                       ("Rat der Stadt Bielefeld", "Entscheidung")], {}),
    "waiblingen": ("Sitzungsvorlage", [("Ausschuss für Bildung, Soziales und Verwaltung",
                                        "Vorberatung"), ("Gemeinderat", "Entscheidung")], {}),
    "bottrop": ("Beschlussvorlage", [("Integrationsrat", "Vorberatung"),
                                     ("Rat der Stadt", "Entscheidung")], {}),
}
WORDS_PER_PAGE = 330


# --- generating drafts ----------------------------------------------------------------------

def corpus() -> list[str]:
    """Sentences from the seed drafts: realistic German administrative prose."""
    import yaml

    sentences = []
    for path in sorted((ROOT / "drafts").glob("*.yaml")):
        text = yaml.safe_load(path.read_text(encoding="utf-8")).get("begruendung", "")
        for para in text.split("\n\n"):
            if para.startswith(("#", "-", "|", ">")) or re.match(r"\d+\.", para):
                continue
            sentences += [s.strip() + "." for s in re.split(r"\.\s+", para) if len(s) > 40]
    return sentences


def begruendung(rng: random.Random, sentences: list[str], pages: int) -> str:
    parts, words = [], 0
    target = pages * WORDS_PER_PAGE - 150
    while words < target:
        kind = rng.random()
        if kind < 0.08:
            parts.append(f"# {rng.choice(sentences)[:60].rstrip('.')}")
        elif kind < 0.16:
            items = [rng.choice(sentences)[:90] for _ in range(rng.randint(2, 5))]
            parts.append("\n".join(f"- {i}" for i in items))
        elif kind < 0.19:
            rows = "\n".join(f"| {rng.choice(sentences)[:30]} | {rng.randint(1, 900)} |"
                             for _ in range(rng.randint(2, 5)))
            parts.append(f"| Maßnahme | Anzahl |\n|---|--:|\n{rows}")
        else:
            parts.append(" ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5))))
        words += len(parts[-1].split())
    return "\n\n".join(parts)


def make_anlagen(folder: Path, rng: random.Random, sentences: list[str]) -> list[str]:
    from docx import Document
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Sans", "/usr/share/fonts/truetype/liberation/"
                                           "LiberationSans-Regular.ttf"))
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(12):
        path = folder / f"anlage-{i:02d}.pdf"
        # initialFontName: else reportlab lists Helvetica, unembedded, and the Anlage is not
        # PDF/A-fit (a final would rasterise it with OCR)
        c = canvas.Canvas(str(path), pagesize=A4, initialFontName="Sans")
        for _ in range(rng.randint(1, 3)):
            c.setFont("Sans", 11)
            y = 780
            for _ in range(30):
                c.drawString(60, y, rng.choice(sentences)[:95])
                y -= 22
            c.showPage()
        c.save()
        names.append(path.name)
    for i in range(8):
        path = folder / f"anlage-{i:02d}.docx"
        doc = Document()
        doc.add_heading(f"Anlage {i}: Übersicht", 1)
        for _ in range(rng.randint(4, 12)):
            doc.add_paragraph(" ".join(rng.choice(sentences) for _ in range(3)))
        doc.save(path)
        names.append(path.name)
    return names


@cache
def seed_finance(style: str):
    """The Finanzielle Auswirkungen of a seed draft in this house style (each style has its
    own form), or None when no seed draft of the style fills one in."""
    import yaml

    for path in sorted((ROOT / "drafts").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("hausstil") == style and isinstance(data.get("finanzen"), dict):
            return data["finanzen"]
    return None


@cache
def signing_offices(style: str) -> tuple[str, ...]:
    """The offices the house style asks to sign off (all of them, whatever their condition)."""
    import yaml

    haus = ROOT / "pipeline" / "haus" / "styles" / style / "haus.yaml"
    config = yaml.safe_load(haus.read_text(encoding="utf-8")) or {}
    return tuple(entry["stelle"] for entry in config.get("mitzeichnung") or [])


def finance(style: str, rng: random.Random):
    if rng.random() < 0.6:
        return "keine"
    return seed_finance(style) or {
        "haushalt": {"haushaltsjahr": 2024, "bedarf": rng.randint(1, 90) * 1000,
                     "haushaltsansatz": rng.randint(0, 50) * 1000}}


def draft_text(i: int, rng: random.Random, sentences: list[str], anlagen: list[str],
               pages: int | None = None) -> str:
    import yaml

    style = list(STYLES)[i % len(STYLES)]
    art, steps, extra = STYLES[style]
    month = rng.randint(1, 9)
    data = {"hausstil": style, "vorlagenart": art, "amt": "Amt für Benchmarks",
            "datum": f"{rng.randint(1, 20):02d}.{month:02d}.2024", **extra,
            "beratungsfolge": [{"gremium": g, "sitzung": f"{10 + n * 7:02d}.{month + 1:02d}.2024",
                                "zustaendigkeit": z} for n, (g, z) in enumerate(steps)],
            "betreff": f"Vorlage {i}: {rng.choice(sentences)[:80].rstrip('.')}",
            "beschlussvorschlag": {"einleitung": "Der Rat beschließt:", "punkte": [
                rng.choice(sentences) for _ in range(rng.randint(1, 4))]},
            "finanzen": finance(style, rng),
            "begruendung": begruendung(rng, sentences, pages or rng.randint(1, 8))}
    # Signed off as the style requires, so the same drafts can also go final.
    data["mitzeichnung"] = [{"stelle": stelle, "status": "erteilt",
                             "datum": f"{rng.randint(21, 28):02d}.{month:02d}.2024"}
                            for stelle in signing_offices(style)]
    if i % 3 == 0:
        data["anlagen"] = [{"titel": f"Anlage {n + 1}", "datei": f"anlagen/{name}"}
                           for n, name in enumerate(rng.sample(anlagen, rng.randint(1, 2)))]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def generate(folder: Path, count: int, seed: int = 7, pages: int | None = None) -> list[Path]:
    """`count` drafts in folder/drafts (1 to 8 pages, or `pages` each) and a vorlage.yaml;
    returns the drafts."""
    rng = random.Random(seed)
    sentences = corpus()
    drafts = folder / "drafts"
    anlagen = make_anlagen(drafts / "anlagen", rng, sentences)
    paths = []
    for i in range(count):
        path = drafts / f"vorlage-{i:03d}.yaml"
        path.write_text(draft_text(i, rng, sentences, anlagen, pages), encoding="utf-8")
        paths.append(path)
    (folder / "vorlage.yaml").write_text("ausgabe: output\nregister: output/register.sqlite\n")
    return paths


def session_file(folder: Path, name: str, drafts: list[Path]) -> Path:
    """A session whose public agenda lists every draft, one TOP each."""
    import yaml

    data = {"hausstil": "standard", "gremium": "Rat der Stadt", "datum": "10.10.2024",
            "uhrzeit": "17:00", "ort": "Ratssaal", "einladungsdatum": "26.09.2024",
            "oeffentlicher_teil": [{"vorlage": p.relative_to(folder).as_posix()}
                                   for p in drafts]}
    path = folder / "sitzungen" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def touch_all(drafts: list[Path], mark: str) -> None:
    """Changes every draft's Betreff, so the next build has to build each of them again."""
    import yaml

    for path in drafts:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["betreff"] = f"{data['betreff'].split(' [', 1)[0]} [{mark}]"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                        encoding="utf-8")
