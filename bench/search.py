"""Search benchmark (not a test): how fast /suche answers over N Vorlagen.

Fills a search index with N Vorlagen (default 5,000) of realistic size (a Betreff, an Amt of
twenty, a Begründung of 2 to 5 KB of German text) directly, then times four kinds of query
as a Sachbearbeiterin of one Amt asks them: her access decided by the server's own rule
(accounts.allowed, once per set of access attributes) and applied in SQL before counting:

  wort      a word of the unicode61 index (Turnhalle)
  ae        a word written with ae for ä (Gebaeude finds Gebäude)
  teil      a part of words, trigram index (schule in Grundschule, Schulweg, …)
  haeufig   a word in nearly every Vorlage (Stadt)

Then writes F small draft files (default 5,000) into a temporary project and times the
refresh the server runs before every search when nothing has changed. Prints median and p95
in ms and writes them into bench/results.json under "search" (other keys kept).

    python bench/search.py [--vorlagen N] [--files F] [--runs R]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.accounts import Item, Role, User, allowed  # noqa: E402
from pipeline.project import Project  # noqa: E402
from pipeline.records import Document, SearchIndex  # noqa: E402
from pipeline.web.search import access_key, item_of, refreshed  # noqa: E402

COMMON = ("die der das und für mit von im den dem zu auf wird werden ist sind eine einer "
          "Stadt Verwaltung Rat Ausschuss Beschluss Haushalt Mittel Maßnahme Kosten Planung "
          "Umsetzung Bericht Sachstand Verfahren Ergebnis").split()
# Words a query looks for: each in a few per cent of the Vorlagen, as in a real archive.
RARE = ("Turnhalle Gebäude Gebäudesanierung Grundschule Berufsschule Schulweg Schulhof "
        "Straße Radweg Kindertagesstätte Photovoltaik Wärmepumpe Friedhof Feuerwehr "
        "Bebauungsplan Erbbaurecht Digitalisierung Tafeln Zuschuss Landesmittel").split()
SYLLABLES = ("ver an be ge zu ab aus ein um ent er bau ord nung land stadt plan werk "
             "haus kreis amt recht stand weg feld hof berg bach tal dorf markt wald "
             "schaft heit keit ung lich ig isch en er el").split()
AEMTER = [f"{10 + i}" for i in range(20)]


def vocabulary(rng: random.Random, size: int = 20000) -> list[str]:
    """Made-up German-looking words; drawn by Zipf's law, so a few are frequent."""
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def sentence(rng: random.Random, words: list[str], weights: list[float], rare: str) -> str:
    picked = rng.choices(words, weights, k=rng.randint(8, 18))
    picked += rng.choices(COMMON, k=rng.randint(3, 6))
    if rare and rng.random() < 0.2:
        picked.append(rare)
    rng.shuffle(picked)
    return " ".join(picked).capitalize() + "."


def make_document(rng: random.Random, n: int, words, weights) -> Document:
    amt = rng.choice(AEMTER)
    rare = rng.choice(RARE) if rng.random() < 0.3 else ""
    text = ""
    goal = rng.randint(2000, 5000)
    while len(text) < goal:
        text += sentence(rng, words, weights, rare) + (" " if rng.random() < 0.8 else "\n")
    item = Item("vorlage", amt=amt, oeffentlich=rng.random() < 0.8,
                final=rng.random() < 0.5,
                stellen=frozenset(["20"]) if rng.random() < 0.3 else frozenset())
    betreff = " ".join(rng.choices(words, weights, k=5) + ([rare] if rare else []))
    return Document(f"2024/{n:04d}", betreff.capitalize(), f"{amt} Amt {amt}", text,
                    access_key(item))


def timed(action, runs: int) -> dict:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"median_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 2)}


DRAFT = """\
vorlagenart: Beschlussvorlage
amt: Amt für Tests
datum: 01.02.2024
betreff: Sanierung Nummer {n}
beschlussvorschlag: Der Rat beschließt die Sanierung.
begruendung: |
  {text}
"""


def refresh_figures(files: int, runs: int, rng: random.Random, words, weights) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "vorlage.yaml").write_text("hausstil: standard\n", encoding="utf-8")
        (root / "drafts").mkdir()
        for n in range(files):
            (root / "drafts" / f"v{n:05d}.yaml").write_text(
                DRAFT.format(n=n, text=sentence(rng, words, weights, "")), encoding="utf-8")
        project = Project.find(root)
        started = time.perf_counter()
        refreshed(project, None).close()
        first = time.perf_counter() - started
        figures = timed(lambda: refreshed(project, None).close(), runs)
        return {"files": files, "first_index_s": round(first, 1),
                "nochange_refresh": figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vorlagen", type=int, default=5000)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(18)
    user = User("bench", "Sachbearbeiterin", (Role("sachbearbeitung", "13"),))
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]

    def visible(key: str) -> bool:
        return allowed(user, "lesen", item_of(key))

    results: dict = {"vorlagen": args.vorlagen, "runs": args.runs}
    with tempfile.TemporaryDirectory() as tmp:
        with SearchIndex(Path(tmp) / "suche.sqlite") as index:
            started = time.perf_counter()
            index.put({f"v{n:05d}.yaml": make_document(rng, n, words, weights)
                       for n in range(args.vorlagen)})
            results["fill_s"] = round(time.perf_counter() - started, 1)
            results["index_mib"] = round((Path(tmp) / "suche.sqlite").stat().st_size
                                         / 2**20 + sum(p.stat().st_size / 2**20 for p in
                                                       Path(tmp).glob("*-wal")), 1)
            queries = {"wort": "Turnhalle", "ae": "Gebaeude", "teil": "schule",
                       "haeufig": "Stadt"}
            for label, query in queries.items():
                found = index.search(query, visible)
                results[label] = {"query": query, "hits": found.count,
                                  "hits_unrestricted": index.search(query).count,
                                  **timed(lambda q=query: index.search(q, visible), args.runs)}
    if args.files:
        results["refresh"] = refresh_figures(args.files, max(5, args.runs // 3), rng, words,
                                             weights)
    print(f"{'Abfrage':<10} {'Treffer':>8} {'Median ms':>10} {'p95 ms':>8}")
    for label in ("wort", "ae", "teil", "haeufig"):
        row = results[label]
        print(f"{label + ' ' + row['query']:<22} {row['hits']:>6} {row['median_ms']:>10} "
              f"{row['p95_ms']:>8}")
    if "refresh" in results:
        r = results["refresh"]
        print(f"Abgleich ohne Änderung, {r['files']} Dateien: {r['nochange_refresh']['median_ms']}"
              f" ms (p95 {r['nochange_refresh']['p95_ms']}); erster Aufbau {r['first_index_s']} s")
    path = ROOT / "bench" / "results.json"
    stored = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    stored["search"] = results
    path.write_text(json.dumps(stored, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print("bench/results.json: Schlüssel „search“ geschrieben")


if __name__ == "__main__":
    main()
