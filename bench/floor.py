"""The floor the tool is measured against: bare `soffice --convert-to pdf` processes on the
same DOCX files, each with its own profile, converting its share in one call; and the naive
loop of one process per document."""

from __future__ import annotations

import re
import subprocess
import tarfile
from pathlib import Path

from measure import parallel

from pipeline.pdf import soffice_binary

ROOT = Path(__file__).resolve().parent.parent
# Intermediate DOCX of the 200 bench drafts (seed 7) as the code before the speed issue
# rendered them (commit 196638d), with the DOCX Anlagen they use: a leaner intermediate made
# since then shows as a gain against this floor.
REFERENCE = ROOT / "bench" / "reference" / "entwuerfe-docx.tar.xz"
REFERENCE_DRAFTS = 200
PLAIN = "pdf"
# What a final needs, spelled as LibreOffice 7.4's command line takes export options.
PDFA_TAGGED = ('pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
               '"UseTaggedPDF":{"type":"boolean","value":"true"}}')


def soffice_convert(files: list[Path], outdir: Path, profile: Path,
                    to: str = PLAIN) -> list[str]:
    return [soffice_binary(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
            "--norestore", "--convert-to", to, "--outdir", str(outdir), *map(str, files)]


class Floor:
    """J soffice processes side by side; their profiles are made once beforehand, as the
    tool's workers find theirs ready too."""

    def __init__(self, work: Path, jobs: int, sample: Path):
        self.work, self.jobs = work, jobs
        for i in range(jobs):
            subprocess.run(soffice_convert([sample], work / "warm", self.profile(i)),
                           capture_output=True, check=True)

    def profile(self, i: int) -> Path:
        return self.work / f"floor-profile-{i}"

    def run(self, files: list[Path], to: str = PLAIN) -> tuple[float, float]:
        """(wall seconds, CPU seconds) for converting `files`."""
        shares = [files[i::self.jobs] for i in range(self.jobs)]
        return parallel([soffice_convert(share, self.work / "floor", self.profile(i), to)
                         for i, share in enumerate(shares) if share], self.work)

    def naive(self, files: list[Path]) -> float:
        """One soffice process per document, one after the other."""
        import time

        started = time.monotonic()
        for path in files:
            subprocess.run(soffice_convert([path], self.work / "naive", self.profile(0)),
                           capture_output=True, check=True)
        return time.monotonic() - started


def reference_set(work: Path) -> list[Path]:
    """The frozen intermediates, unpacked."""
    target = work / "referenz"
    target.mkdir()
    with tarfile.open(REFERENCE) as tar:
        for member in tar.getmembers():  # plain files under docx/, nothing else
            name = Path(member.name)
            if member.isfile() and name.parent == Path("docx") and name.suffix == ".docx":
                (target / name.name).write_bytes(tar.extractfile(member).read())
    return sorted(target.glob("*.docx"))


def converted_documents(project: Path, docx: list[Path]) -> list[Path]:
    """The documents a build converts: every filled Vorlage DOCX it kept and each DOCX
    Anlage the drafts use."""
    used = set()
    for draft in (project / "drafts").glob("*.yaml"):
        used.update(re.findall(r"anlagen/(anlage-\d+\.docx)", draft.read_text(encoding="utf-8")))
    return sorted(docx) + sorted(project / "drafts" / "anlagen" / name for name in used)


def soffice_version() -> str:
    return subprocess.run([soffice_binary(), "--version"], capture_output=True,
                          text=True).stdout.strip()
