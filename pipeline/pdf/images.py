"""Picture Anlagen (JPG, PNG) as one PDF page each, the picture fitted on A4.

img2pdf writes the page: it embeds a JPEG's bytes as they are (no loss, no re-encoding) and
a PNG's pixel data losslessly. Pillow reads and checks the picture first: its declared size
against `grenzen.bild_megapixel` before any pixel is decoded (a PNG of a few kilobytes may
declare 30000 x 30000), then every pixel, so a truncated or corrupt file is refused with a
German message instead of becoming half a page. Nothing of the picture's metadata reaches
the PDF: a JPEG loses its EXIF (camera, GPS position, a thumbnail), XMP, IPTC and comment
segments and whatever trails it; a PNG is written afresh from its pixels. The colour
profile stays, so the colours do. The EXIF orientation is applied: as the page's rotation
where it is a quarter turn (the JPEG stays untouched), by turning the pixels where it
mirrors. Transparency is laid onto white, so the page needs no transparency group.
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

from .limits import Limits, check_pixels, check_size

A4 = (595.276, 841.89)  # points
MARGIN = 42.52  # 15 mm on every side
# EXIF orientations that are a turn of the picture, as img2pdf's page rotation (degrees)
TURNS = {1: "0", 3: "180", 6: "90", 8: "270"}
# JPEG segments kept: JFIF (APP0), the colour profile (APP2 "ICC_PROFILE"), Adobe's colour
# transform flag (APP14); every other APPn and COM carries metadata only
KEPT_APP = {0xE0, 0xEE}
ICC_MARK = b"ICC_PROFILE\0"


class ImageError(Exception):
    """A picture that cannot become a page: not readable, truncated, of an odd kind. (Not
    an AnlageError: anlagen.py asks this module, so this one may not import it.)"""


def check_image(path: Path, limits: Limits = Limits()) -> None:
    """Refuses a picture beyond the limits or not fully readable; decodes every pixel once
    (a JPEG at an eighth of its size, which still reads all of its data)."""
    _checked(Path(path).read_bytes(), Path(path).name, limits)


def image_to_pdf(source: Path, target: Path, limits: Limits = Limits()) -> None:
    """Writes the picture `source` as a one-page PDF to `target`."""
    import img2pdf

    source, label = Path(source), Path(source).name
    check_size(source, limits)
    raw = source.read_bytes()
    data, turn = _embeddable(_checked(raw, label, limits), raw)
    layout = img2pdf.get_layout_fun(pagesize=A4, border=(MARGIN, MARGIN),
                                    fit=img2pdf.FitMode.into, auto_orient=True)
    try:
        pdf = img2pdf.convert(data, layout_fun=layout, rotation=img2pdf.Rotation[turn],
                              nodate=True)
    except Exception as exc:  # img2pdf's errors are many (colour spaces, depths): all "cannot"
        raise ImageError(f"{label} lässt sich nicht als Seite einfügen ({exc})") from None
    Path(target).write_bytes(pdf)


def _checked(raw: bytes, label: str, limits: Limits):
    """The picture, opened and checked: its declared size within the limit, then every
    pixel readable (a JPEG decoded at an eighth of its size, which still reads all of its
    data). Returned as opened, not decoded, for what `_embeddable` decides."""
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        # the limit below is ours; Pillow's own warning would only repeat it, louder
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(raw))
        except Image.DecompressionBombError as exc:  # past twice Pillow's own limit
            found = re.search(r"\((\d+) pixels\)", str(exc))
            check_pixels(int(found[1]) if found else 1 << 40, limits)
            raise ImageError(f"{label} ist als Bild zu groß, um es zu verarbeiten (mehr als "
                             f"{2 * Image.MAX_IMAGE_PIXELS // 1_000_000} Megapixel)") from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise ImageError(f"{label} ist kein lesbares Bild (beschädigt oder kein JPG/PNG)") \
                from None
        if image.format not in ("JPEG", "MPO", "PNG"):
            raise ImageError(f"{label} ist dem Inhalt nach kein JPG- oder PNG-Bild")
        check_pixels(image.width * image.height, limits, image.size)
        probe = Image.open(io.BytesIO(raw))
        try:
            if probe.format != "PNG":
                probe.draft("RGB", (max(1, probe.width // 8), max(1, probe.height // 8)))
            probe.load()
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            said = "unvollständig" if "truncated" in str(exc) else "beschädigt"
            raise ImageError(f"{label} ist kein lesbares Bild ({said}; bitte die Datei neu "
                             "speichern oder exportieren)") from None
    return image


def _embeddable(image, raw: bytes) -> tuple[bytes, str]:
    """The picture as img2pdf should embed it, without metadata, and the page's turn."""
    from PIL import Image, ImageOps

    orientation = image.getexif().get(0x0112, 1)
    jpeg = image.format in ("JPEG", "MPO")
    if jpeg and image.mode in ("L", "RGB") and orientation in TURNS:
        return _jpeg_without_metadata(raw), TURNS[orientation]
    icc = image.info.get("icc_profile")
    mode = image.mode
    if orientation in range(2, 9):
        image = ImageOps.exif_transpose(image)  # mirrored: the pixels turn (and decode)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency"
                                              in image.info):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        image = image.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    elif image.mode not in ("1", "L", "RGB", "P"):
        image = image.convert("RGB")  # CMYK and others: PDF/A wants the output intent's RGB
    # the profile describes the colours as they were: kept only where they are unchanged
    kept = {"icc_profile": icc} if icc and image.mode == mode else {}
    out = io.BytesIO()
    if jpeg and image.mode in ("L", "RGB"):
        image.save(out, "JPEG", quality=95, **kept)
    else:
        # level 1: a 12-megapixel photo as PNG took 12 s at the default level 6 (Pillow and
        # img2pdf), 2 s at level 1, and came out smaller
        image.save(out, "PNG", compress_level=1, **kept)
    return out.getvalue(), "0"


def _jpeg_without_metadata(raw: bytes) -> bytes:
    """The JPEG's segments up to its image data without metadata, then the image data up to
    its end marker: what follows it (a second picture of an MPO, a phone's extras) goes."""
    out = bytearray(b"\xff\xd8")
    pos = 2
    while pos + 4 <= len(raw):
        if raw[pos] != 0xFF:
            raise ImageError("JPEG-Segmente unlesbar")
        marker = raw[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        length = int.from_bytes(raw[pos + 2:pos + 4], "big")
        segment = raw[pos:pos + 2 + length]
        if marker == 0xDA:  # start of scan: the image data follows, to the end marker
            end = raw.find(b"\xff\xd9", pos + 2 + length)
            out += raw[pos:len(raw) if end < 0 else end + 2]
            return bytes(out)
        keep = (not 0xE0 <= marker <= 0xEF and marker != 0xFE) or marker in KEPT_APP or (
            marker == 0xE2 and segment[4:4 + len(ICC_MARK)] == ICC_MARK)
        if keep:
            out += segment
        pos += 2 + length
    raise ImageError("JPEG ohne Bilddaten")
