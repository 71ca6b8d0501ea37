"""Sums the draft never types: Mehraufwand and Deckung per budget year, and what stays uncovered."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from .model import Finanzen, Haushalt


def cost_by_year(finanzen: Finanzen) -> dict[int, Decimal]:
    out: dict[int, Decimal] = defaultdict(Decimal)
    for plan in finanzen.teilergebnisplaene:
        for period in plan.mehraufwand:
            out[period.von.year] += period.betrag
    return dict(sorted(out.items()))


def cover_by_year(finanzen: Finanzen) -> dict[int, Decimal]:
    out: dict[int, Decimal] = defaultdict(Decimal)
    for plan in finanzen.teilergebnisplaene:
        if plan.deckung:
            for item in plan.deckung.posten:
                out[item.jahr] += item.betrag
    return dict(sorted(out.items()))


def remainder_by_year(finanzen: Finanzen) -> dict[int, Decimal]:
    """Mehraufwand not covered by the Teilergebnisplan's own Deckung, per budget year."""
    cost, cover = cost_by_year(finanzen), cover_by_year(finanzen)
    return {year: cost.get(year, Decimal(0)) - cover.get(year, Decimal(0))
            for year in sorted(set(cost) | set(cover))}


def uncovered(haushalt: Haushalt) -> Decimal | None:
    """Part of the Bedarf that neither the Haushaltsansatz nor extra income covers."""
    if haushalt.bedarf is None:
        return None
    covered = (haushalt.haushaltsansatz or 0) + (haushalt.zusaetzliche_einnahmen or 0)
    return max(haushalt.bedarf - covered, Decimal(0))
