"""Anlagen uploaded in the editor, and a thumbnail of each.

One file per request, its bytes as the body and its name in `?datei=`: they stream into a
temporary file inside the draft's upload folder (<draft's folder>/anlagen/<draft stem>/), are
judged by their content (pdf.content_type), their size and the checks every Anlage passes
(pdf.check_anlage), and only then get a name, by a hard link that never replaces a file. The
answer is the Anlage for the form; the draft changes when the user saves, through the save
path that merges concurrent edits (editing.py), so an upload never writes the YAML.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

from flask import Blueprint, abort, g, jsonify, request, send_file
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import secure_filename

from ..files import atomic_save, file_hash
from ..pdf import (ALLOWED_TEXT, IMAGE_TYPES, OFFICE_TYPES, TYPE_NAMES, ConversionError,
                   Limits, check_anlage, content_type, defuse, run_bounded)
from ..workflow import group_item
from .access import rule, workspace
from .drafts import draft_item, foreign_anlagen, named_draft, state, upload_folder

blueprint = Blueprint("anlagen", __name__)
MB = 1024 * 1024
CHUNK = 1 << 20
THUMB_PX = 160
# Before the bytes say what a file is, its name decides nothing; a German one keeps its
# umlauts readable in the ASCII name (secure_filename would drop them).
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                          "ß": "ss"})


def _num(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def too_large(label: str, size: int, limits: Limits) -> str:
    """As the check says it (pdf.limits.check_size), with the file's name in front."""
    shown = f"{size / MB:.1f}".replace(".", ",")
    return (f"{label} ist {shown} MB groß; erlaubt sind {_num(limits.anlage_mb)} MB "
            f"({limits.setting('anlage_mb')})")


def client_name(raw: str) -> str:
    """The file's own name as the browser sent it, without any folder (Windows or not)."""
    name = re.split(r"[/\\]", raw)[-1]
    name = " ".join(unicodedata.normalize("NFC", name).split())
    return "".join(ch for ch in name if ch.isprintable())[:120] or "Anlage"


def safe_stem(name: str) -> str:
    """A file stem to store under: ASCII letters, digits, `-`, `_`, `.`, no leading dot."""
    stem = Path(name).stem if Path(name).suffix else name
    safe = secure_filename(stem.translate(_UMLAUTS)).replace("_", "-").strip(".-")
    return re.sub(r"-{2,}", "-", safe)[:80].strip(".-").lower() or "anlage"


def _refuse(status: int, message: str):
    abort(status, message)


def _receive(target: Path, label: str, limits: Limits) -> None:
    """Streams the request body into `target`, refusing it once it passes the limit."""
    budget = int(limits.anlage_mb * MB)
    request.max_content_length = budget + 1  # werkzeug stops a longer stream as well
    total = 0
    with open(target, "wb") as out:
        try:
            while chunk := request.stream.read(CHUNK):
                total += len(chunk)
                if total > budget:
                    break
                out.write(chunk)
        except RequestEntityTooLarge:  # werkzeug saw the stream go on past the limit
            total = budget + 1
    if total > budget:
        _refuse(413, too_large(label, total, limits))
    if total == 0:
        _refuse(422, f"{label} ist leer (0 Byte)")


def _named(message: str, stored: str, label: str) -> str:
    """A check's reason about the temporary file, said of the user's file."""
    message = message.replace(stored, label)
    return message if message.startswith(label) else f"{label} {message}"


def _place(source: Path, folder: Path, stem: str, suffix: str) -> Path:
    """Links `source` under the first free name stem, stem-2, stem-3, …; a link cannot
    replace a file another upload has just placed."""
    for number in range(1, 10_000):
        target = folder / f"{stem}{'' if number == 1 else f'-{number}'}{suffix}"
        try:
            os.link(source, target)
            return target
        except FileExistsError:
            continue
    _refuse(409, "Zu viele Anlagen gleichen Namens; bitte die Datei umbenennen")


@blueprint.post("/api/anlagen/<path:name>")
@rule("bearbeiten", draft_item)
def upload(name: str):
    draft, space = named_draft(name), workspace()
    limits = space.project.limits
    label = client_name(space.checked_name(request.args.get("datei", "")))
    if request.content_length is not None and request.content_length > limits.anlage_mb * MB:
        _refuse(413, too_large(label, request.content_length, limits))  # before any byte
    folder = upload_folder(draft)
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".hochladen-", dir=folder))
    try:
        received = work / f"{safe_stem(label)}.upload"
        _receive(received, label, limits)
        kind = content_type(received)
        if kind is None:
            _refuse(422, f"{label} ist dem Inhalt nach keine der erlaubten Dateiarten "
                         f"({ALLOWED_TEXT})")
        typed = received.with_suffix(kind)  # the checks go by the suffix: the content's
        received.rename(typed)
        reason = check_anlage(typed, limits)
        if reason:
            _refuse(422, _named(reason, typed.name, label))
        os.chmod(typed, 0o644)
        stored = _place(typed, folder, typed.stem, kind)
    except OSError:
        _refuse(507, f"{label} konnte nicht gespeichert werden (Speicherplatz oder Rechte "
                     "auf dem Server); bitte den Sitzungsdienst informieren")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    datei = stored.relative_to(draft.parent).as_posix()
    space.log("anlage_hochgeladen", space.project.draft_key(draft), datei=datei)
    title = Path(label).stem if Path(label).suffix else label
    return jsonify(anlage={"titel": title, "datei": datei}, art=TYPE_NAMES.get(kind, kind))


# --- thumbnails ---------------------------------------------------------------------------
def _own_file(draft: Path, datei: str) -> Path:
    """The file an Anlage of this draft names, if it is the draft's: named in the saved draft
    or uploaded to its folder (not yet saved), and no other group's."""
    root = workspace().project.drafts_root_for(draft).resolve()
    file = (draft.parent / datei).resolve()
    anlagen = state(draft).data.get("anlagen")
    named = {(draft.parent / str(a["datei"])).resolve() for a in anlagen
             if isinstance(a, dict) and a.get("datei")} if isinstance(anlagen, list) else set()
    uploaded = file.parent == upload_folder(draft).resolve() and not file.name.startswith(".")
    if (not file.is_relative_to(root) or not file.is_file() or not (file in named or uploaded)
            or file in foreign_anlagen()):
        abort(404)
    return file


def _first_page_png(pdf: Path, out: Path, limits: Limits) -> bytes | None:
    prefix = out / "seite"
    done = run_bounded(["pdftoppm", "-f", "1", "-l", "1", "-png", "-singlefile",
                        "-scale-to", str(THUMB_PX), str(pdf), str(prefix)], limits)
    png = prefix.with_suffix(".png")
    return png.read_bytes() if done.returncode == 0 and png.is_file() else None


def _image_png(path: Path) -> bytes | None:
    from PIL import Image, ImageOps

    try:
        with Image.open(path) as image:  # over Pillow's pixel limit: a bomb, refused
            image.draft("RGB", (THUMB_PX, THUMB_PX))  # JPEG: decoded small, fast
            small = ImageOps.exif_transpose(image)
            small.thumbnail((THUMB_PX, THUMB_PX))
            buffer = io.BytesIO()
            small.convert("RGBA" if "A" in small.getbands() else "RGB").save(buffer, "PNG")
            return buffer.getvalue()
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def _thumbnail(file: Path, kind: str, limits: Limits) -> bytes | None:
    if kind in IMAGE_TYPES:
        return _image_png(file)
    with tempfile.TemporaryDirectory(prefix="vorschaubild-") as temp:
        out = Path(temp)
        pdf = file
        if kind in OFFICE_TYPES:  # LibreOffice sees a copy without links out of the file
            safe, pdf = out / f"anlage.defused{kind}", out / "anlage.pdf"
            try:
                defuse(file, safe, limits)
                workspace().converter.convert(safe, pdf)
            except ConversionError:
                return None
        return _first_page_png(pdf, out, limits)


@blueprint.get("/entwurf/<path:name>/vorschaubild")
@rule("lesen", lambda name: group_item(state(named_draft(name))))
def thumbnail(name: str):
    draft, space = named_draft(name), workspace()
    file = _own_file(draft, space.checked_name(request.args.get("datei", "")))
    kind, limits = content_type(file), space.project.limits
    if kind != file.suffix.lower().replace(".jpeg", ".jpg") or check_anlage(file, limits):
        abort(404)  # only what the build would take as an Anlage becomes a picture
    cached = space.project.output_dir / "vorschaubilder" / f"{file_hash(file)}.png"
    if not cached.is_file():
        png = _thumbnail(file, kind, limits)
        if png is None:
            abort(404)
        atomic_save(lambda p: Path(p).write_bytes(png), cached)
    return send_file(cached, mimetype="image/png", max_age=0)


@blueprint.app_context_processor
def upload_limits():
    """What the editor's drop zone says before anything is sent."""
    if g.get("user") is None:
        return {}
    limits = workspace().project.limits
    return {"anlage_mb": limits.anlage_mb,
            "anlage_grenze": f"erlaubt sind {_num(limits.anlage_mb)} MB "
                             f"({limits.setting('anlage_mb')})"}

