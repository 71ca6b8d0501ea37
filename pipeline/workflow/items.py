"""Drafts as the rules see them (accounts.Item): a draft's Amt, the Stellen asked to sign it
and the Ämter named as beteiligt from its YAML (even a draft that does not validate keeps its
Amt, so its authors can mend it), and, once final, what the archive recorded. The server asks
with these, and so does the CLI where it acts for someone (`audit export --als`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from ..accounts import Item
from ..errors import UserError
from ..haus import load_house_style
from ..project import Project
from ..records import Archive, Record, Register
from ..schema import JaNein, load_yaml

_JA_NEIN = TypeAdapter(JaNein)


@dataclass(frozen=True)
class DraftState:
    """A draft as the rules see it, with its number and archive record once it has them."""
    item: Item
    number: str | None
    record: Record | None
    data: dict


def _says_no(value) -> bool:
    """Whether a YAML value means nein as the schema reads it (nein, Nein, false, …)."""
    try:
        return _JA_NEIN.validate_python(value) is False
    except ValidationError:
        return False


def _keys(project: Project, values) -> frozenset[str]:
    keys = (project.amt_key(v) for v in values if isinstance(v, str | int))
    return frozenset(k for k in keys if k)


def _by_rule(project: Project, data: dict) -> list[str]:
    """The Stellen the house style asks to sign or be heard (the Kämmerei when finances are
    affected): they read the draft although its YAML does not name them."""
    try:
        style = load_house_style(str(data.get("hausstil") or project.config.hausstil),
                                 project.template_dirs)
    except UserError:
        return []
    money = data.get("finanzen")  # as the model reads it: `keine`, `nein` or the block
    if isinstance(money, dict):
        costs = not _says_no(money.get("auswirkungen", True))
    else:
        costs = not (money is None or money is False or (
            isinstance(money, str) and money.strip().lower() in ("keine", "nein")))
    felder = data.get("felder") if isinstance(data.get("felder"), dict) else {}
    return [r.stelle for r in style.config.mitzeichnung if r.applies(costs, felder.get)]


def draft_state(project: Project, path: Path, register: Register | None) -> DraftState:
    try:
        data = load_yaml(path).data if path.stat().st_size else {}
    except (UserError, OSError):
        data = {}
    data = data if isinstance(data, dict) else {}
    amt = None
    for field in ("amt_kennziffer", "amt"):
        if isinstance(data.get(field), str | int):
            amt = amt or project.amt_key(str(data[field]))
    signs = data.get("mitzeichnung") if isinstance(data.get("mitzeichnung"), list) else []
    sign = data.get("zeichnung") if isinstance(data.get("zeichnung"), dict) else {}
    heard = sign.get("beteiligte_fachbereiche")
    asked = [m.get("stelle") for m in signs if isinstance(m, dict)] + _by_rule(project, data)
    item = Item("vorlage", amt=amt, stellen=_keys(project, asked),
                beteiligt=_keys(project, heard if isinstance(heard, list) else []),
                oeffentlich=not _says_no(data.get("oeffentlich", True)))
    number = record = None
    if register is not None:
        number = register.number_of(project.draft_key(path))
        record = Archive(register, project.archive_dir, project.root).record(number) \
            if number else None
    if record is not None:
        public = item.oeffentlich if record.oeffentlich is None else bool(record.oeffentlich)
        item = replace(item, final=True, oeffentlich=public)
    return DraftState(item, number, record, data)


def group_item(state: DraftState) -> Item:
    """What only the Vorlage's group may have, even of a public final: its YAML (titles and
    files of closed Anlagen), previews and checks built from it, the Anlagen as files.
    Everyone else reads a public Vorlage in its publication copy."""
    return replace(state.item, oeffentlich=False)


def full_pdf_item(state: DraftState) -> Item:
    """The final PDF with every Anlage: public only when no Anlage is closed."""
    record, item = state.record, state.item
    if record is None or not item.oeffentlich:
        return item
    if record.kopie_datei is not None:
        return replace(item, oeffentlich=record.kopie_datei == record.datei)
    anlagen = state.data.get("anlagen") if isinstance(state.data.get("anlagen"), list) else []
    closed = any(isinstance(a, dict) and _says_no(a.get("oeffentlich", True)) for a in anlagen)
    return replace(item, oeffentlich=not closed)
