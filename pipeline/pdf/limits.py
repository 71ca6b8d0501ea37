"""Bounds on what an Anlage may cost: size on disk, pages, bytes once unpacked, pixels of a
picture, and the time and memory of every external tool (LibreOffice, OCRmyPDF with
Ghostscript and Tesseract, qpdf). The defaults stand in `vorlage.yaml` under `grenzen:`;
`check` reports a limit an Anlage exceeds by its setting, before a build starts on it.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024
CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    anlage_mb: float = 50       # an Anlage file on disk
    anlage_seiten: int = 1000   # pages of one Anlage
    entpackt_mb: float = 200    # an office file unpacked; one PDF stream decompressed
    sekunden: float = 300       # one run of an external tool
    speicher_mb: float = 2048   # address space of one external process
    # a picture's pixels: decoding takes 3 to 4 bytes each in the build process itself, and a
    # PNG of a few kilobytes may declare 30000 x 30000 (a decompression bomb)
    bild_megapixel: float = 100

    def setting(self, name: str) -> str:
        return f"Einstellung grenzen.{name} in vorlage.yaml"


class LimitExceeded(Exception):
    """An Anlage beyond a limit: the message names the limit and its setting."""


def _mb(size: float) -> str:
    return f"{size / MB:.1f}".replace(".", ",") + " MB"


def _num(value: float) -> str:
    return f"{value:g}".replace(".", ",")  # German decimal comma


def check_size(path: Path, limits: Limits) -> None:
    size = path.stat().st_size
    if size > limits.anlage_mb * MB:
        raise LimitExceeded(f"ist {_mb(size)} groß; erlaubt sind {_num(limits.anlage_mb)} MB "
                            f"({limits.setting('anlage_mb')})")


def check_pages(count: int, limits: Limits) -> None:
    if count > limits.anlage_seiten:
        raise LimitExceeded(f"hat {count} Seiten; erlaubt sind {limits.anlage_seiten} "
                            f"({limits.setting('anlage_seiten')})")


def check_pixels(pixels: int, limits: Limits, size: tuple[int, int] | None = None) -> None:
    """A picture's declared size, asked before a single pixel is decoded."""
    if pixels > limits.bild_megapixel * 1e6:
        dims = f"{size[0]} × {size[1]} Pixel, " if size else ""
        raise LimitExceeded(f"ist als Bild zu groß ({dims}"
                            f"{_num(round(pixels / 1e6, 1))} Megapixel; erlaubt sind "
                            f"{_num(limits.bild_megapixel)} Megapixel, "
                            f"{limits.setting('bild_megapixel')})")


def _unpacked_too_far(limits: Limits) -> LimitExceeded:
    return LimitExceeded(f"wird entpackt größer als {_num(limits.entpackt_mb)} MB (eine "
                         f"Kompressionsbombe?); {limits.setting('entpackt_mb')}")


def check_office_unpacked(path: Path, limits: Limits) -> None:
    """Inflates every member of an office file (a zip) and counts what really comes out:
    the sizes a zip declares can lie."""
    budget = limits.entpackt_mb * MB
    total = 0
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                with archive.open(info) as member:
                    while chunk := member.read(CHUNK):
                        total += len(chunk)
                        if total > budget:
                            raise _unpacked_too_far(limits)
    except zipfile.BadZipFile:  # the build's defuse refuses it too; say so now
        raise LimitExceeded("ist keine DOCX-, ODT-, XLSX- oder ODS-Datei (beschädigt oder "
                            "unter falscher Endung gespeichert)") from None
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError,
            zlib.error) as exc:
        raise LimitExceeded(f"lässt sich nicht entpacken ({exc})") from None


def inflated_size(data: bytes, budget: float) -> float:
    """How far FlateDecode data inflates, counted in pieces and stopped past `budget`."""
    inflater = zlib.decompressobj()
    total, pending = 0, data
    while pending and total <= budget:
        total += len(inflater.decompress(pending, CHUNK))
        pending = inflater.unconsumed_tail
    return total


def check_pdf_streams(path: Path, limits: Limits) -> None:
    """No stream of a PDF inflates past the limit (a 1.5 MB file can hold 1.5 GB), also
    through a chain of FlateDecode filters."""
    import pikepdf

    budget = limits.entpackt_mb * MB
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Stream):
                continue
            filters = obj.get("/Filter")
            names = [filters] if isinstance(filters, pikepdf.Name) else list(filters or [])
            data = obj.read_raw_bytes()
            for number, name in enumerate(names):
                if name != "/FlateDecode":
                    break
                if inflated_size(data, budget) > budget:
                    raise _unpacked_too_far(limits)
                if number + 1 < len(names):  # within the budget: the next stage reads it
                    data = zlib.decompressobj().decompress(data, int(budget) + 1)


def bounded(cmd: list[str], limits: Limits) -> list[str]:
    """The command under an address-space limit, set before it runs (and inherited by what
    it starts: Ghostscript, Tesseract). util-linux's prlimit; without it, unbounded."""
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        return cmd
    return [prlimit, f"--as={int(limits.speicher_mb * MB)}", "--", *cmd]


def run_bounded(cmd: list[str], limits: Limits) -> subprocess.CompletedProcess:
    """Runs an external tool within the time and memory limits; a tool over time is
    killed and reported like a failure."""
    try:
        return subprocess.run(bounded(cmd, limits), capture_output=True, text=True,
                              timeout=limits.sekunden)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, -9, "", f"nach {_num(limits.sekunden)} s "
                                           f"abgebrochen ({limits.setting('sekunden')})")
