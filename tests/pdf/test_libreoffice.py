"""The pool of LibreOffice workers: conversions, timeouts, crashes, restarts."""

import io
import os
import signal
import xml.etree.ElementTree as ET
from pathlib import Path

import pikepdf
import pytest
from docx import Document

from helpers import LONG, mid_batch, numbered_drafts, pdf_text, soffice_pids, start_batch
from pipeline.pdf import ConversionError, Converter, pdfa
from pipeline.pdf.libreoffice import (PROFILE_SETTINGS, UnreadableDocument, _props,
                                      pdf_filter_data, soffice_binary)


@pytest.fixture
def docx(tmp_path):
    path = tmp_path / "brief.docx"
    doc = Document()
    doc.add_paragraph("Sehr geehrte Damen und Herren")
    doc.save(path)
    return path


def test_a_conversion_in_a_running_worker(converter, docx, tmp_path):
    target = tmp_path / "out" / "brief.pdf"
    target.parent.mkdir()
    converter.convert(docx, target)
    assert "Sehr geehrte Damen und Herren" in pdf_text(target)
    assert sorted(os.listdir(target.parent)) == ["brief.pdf"]  # nothing of the attempt stays


def test_a_lock_file_left_by_a_killed_worker_does_not_block_the_next(converter, docx, tmp_path):
    """A worker killed while storing leaves `.~lock.<name>#` beside its target; storing to
    the same name then failed with 'impl_store … Abort' (seen in the hang test)."""
    target = tmp_path / "brief.pdf"
    (tmp_path / ".~lock.brief.pdf#").write_text(",root,host,01.12.2026 20:00,file:///x;")
    converter.convert(docx, target)
    assert "Sehr geehrte" in pdf_text(target)


def test_an_unreadable_file_fails_without_a_restart(converter, tmp_path):
    junk = tmp_path / "kaputt.docx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    restarts = converter.restarts
    with pytest.raises(UnreadableDocument, match="kaputt.docx: LibreOffice kann die Datei"):
        converter.convert(junk, tmp_path / "kaputt.pdf")
    assert converter.restarts == restarts  # the file is the problem, not the worker
    assert not (tmp_path / "kaputt.pdf").exists()


def test_export_options_per_build_kind():
    draft = pdf_filter_data(tagged=False, pdfa=False)
    assert draft["ExportBookmarks"] and "UseTaggedPDF" not in draft
    assert "SelectPdfVersion" not in draft
    final = pdf_filter_data(tagged=True, pdfa=True)
    assert final["UseTaggedPDF"] and final["PDFUACompliance"] and final["SelectPdfVersion"] == 2


def test_a_final_export_has_the_metadata_text_in_xmp_as_in_info(quoted_final):
    """LibreOffice 7.4 escapes the XMP fields twice (`&amp;quot;`); convert() repairs that."""
    pdf_path, props = quoted_final
    with pikepdf.open(pdf_path) as pdf:
        meta, info = pdf.open_metadata(), pdf.docinfo
        assert str(info.Title) == meta["dc:title"] == props["title"]
        assert str(info.Author) == props["author"] and meta["dc:creator"] == [props["author"]]
        assert str(info.Subject) == meta["dc:description"] == props["subject"]
        assert str(info.Keywords) == meta["pdf:Keywords"] == props["keywords"]
        assert meta.pdfa_status == "2B" and "pdfuaid:part" in meta
    assert pdfa.problems(pdf_path) == []


def test_a_closed_pool_launches_nothing(docx, tmp_path):
    pool = Converter(1)
    pool.close()
    with pytest.raises(ConversionError, match="abgebrochen"):
        pool.convert(docx, tmp_path / "x.pdf")
    assert pool.pids() == []


def test_workers_start_as_the_work_needs_them(docx, tmp_path):
    """A pool of two converts one document with one LibreOffice; two at once start the second."""
    from concurrent.futures import ThreadPoolExecutor

    with Converter(2) as pool:
        pool.convert(docx, tmp_path / "eins.pdf")
        assert pool.launched == 1 and len(pool.pids()) == 1
        pool.convert(docx, tmp_path / "zwei.pdf")  # the running one is free again
        assert pool.launched == 1
        slow = tmp_path / "lang.docx"
        doc = Document()
        for i in range(400):
            doc.add_paragraph(f"Absatz {i} " * 20)
        doc.save(slow)
        with ThreadPoolExecutor(2) as threads:
            list(threads.map(lambda n: pool.convert(slow, tmp_path / f"{n}.pdf"), "ab"))
        assert pool.launched == 2 and len(set(pool.pids())) == 2
        assert all("Absatz 399" in pdf_text(tmp_path / f"{n}.pdf") for n in "ab")


def test_a_server_pool_starts_every_worker_at_once(docx, tmp_path):
    """start_in_background(every_worker=True), as `vorlage serve` asks: both workers run
    before any conversion, and each converts."""
    import time

    with Converter(2) as pool:
        pool.start_in_background(every_worker=True)
        pool.start_in_background()  # asked again (a batch asks per draft): no third start
        deadline = time.monotonic() + 90
        while pool.idle.qsize() < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert pool.launched == 2 and len(set(pool.pids())) == 2
        pids = set(pool.pids())
        for n in "ab":
            pool.convert(docx, tmp_path / f"{n}.pdf")
        assert set(pool.pids()) == pids and pool.launched == 2
        assert all(pdf_text(tmp_path / f"{n}.pdf").strip() for n in "ab")


def test_killed_worker_is_replaced_and_every_pdf_is_built(project, write_draft):
    numbered_drafts(write_draft, 30, text=LONG)
    proc = start_batch(project)
    os.kill(mid_batch(project, proc), signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert len(list(project.output_dir.glob("v*-ENTWURF.pdf"))) == 30
    assert "30 gebaut" in err and "0 fehlgeschlagen" in err
    assert "0 Neustart(s)" not in err


def test_hanging_conversion_is_killed_after_the_timeout(project, write_draft):
    # One worker: a second one would start while the first converts, and stopping a
    # LibreOffice that is still starting tests the start-up wait, not the timeout.
    numbered_drafts(write_draft, 12, text=LONG)
    proc = start_batch(project, "--timeout", "4", jobs=1)
    mid_batch(project, proc)
    for pid in soffice_pids(proc.pid):  # LibreOffice stops answering in mid-conversion
        os.kill(pid, signal.SIGSTOP)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert len(list(project.output_dir.glob("v*-ENTWURF.pdf"))) == 12
    assert "0 Neustart(s)" not in err  # the stopped worker was killed and replaced


OOR = "{http://openoffice.org/2001/registry}"


def typed(text: str):
    """A PROFILE_SETTINGS value as LibreOffice's configuration returns it."""
    return {"true": True, "false": False, "": ()}.get(text, int(text) if text.isdigit() else text)


def test_every_profile_setting_is_a_property_of_the_installed_schema():
    """LibreOffice ignores a setting it does not know, so a misspelt name would protect
    nothing: each must be a property in share/registry/*.xcd of this LibreOffice."""
    registry = Path(os.path.realpath(soffice_binary())).parent.parent / "share" / "registry"
    schemas = {(s.get(f"{OOR}package"), s.get(f"{OOR}name")): s.find("component")
               for xcd in registry.glob("*.xcd")
               for s in ET.parse(xcd).getroot().iter(f"{OOR}component-schema")}
    for path, props in PROFILE_SETTINGS.items():
        component, *groups = path.strip("/").split("/")
        node = schemas[tuple(component.rsplit(".", 1))]
        for group in groups:
            node = next(g for g in node if g.get(f"{OOR}name") == group)
        declared = {prop.get(f"{OOR}name") for prop in node.findall("prop")}
        assert set(props) <= declared, path


def test_a_started_worker_refuses_links_out_of_documents(converter, docx, tmp_path):
    converter.convert(docx, tmp_path / "brief.pdf")  # the workers are running
    worker = converter.workers[0]
    written = {(item.get(f"{OOR}path"), prop.get(f"{OOR}name")): prop.findtext("value") or ""
               for item in ET.parse(worker.profile / "user" / "registrymodifications.xcu")
               .getroot().iter("item") for prop in item.iter("prop")}
    ctx = worker.context
    provider = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx)
    for path, props in PROFILE_SETTINGS.items():
        node = provider.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationAccess", _props(nodepath=path))
        for name, value in props.items():
            assert written[(path, name)] == value
            assert node.getByName(name) == typed(value), f"{path}/{name}"  # LibreOffice took it


def test_a_documents_own_pictures_still_show(converter, tmp_path):
    """The blocks concern linked pictures; embedded ones are converted as before."""
    from PIL import Image

    from pipeline.pdf import defuse

    picture = io.BytesIO()
    Image.new("RGB", (37, 23), (200, 30, 30)).save(picture, "PNG")
    doc = Document()
    doc.add_picture(picture)
    doc.save(tmp_path / "bild.docx")
    assert defuse(tmp_path / "bild.docx", tmp_path / "sicher.docx") == []
    converter.convert(tmp_path / "sicher.docx", tmp_path / "bild.pdf")
    with pikepdf.open(tmp_path / "bild.pdf") as pdf:
        assert (37, 23) in {(int(o.Width), int(o.Height)) for o in pdf.objects
                            if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"}


def test_workers_run_within_the_memory_limit(tmp_path):
    # Finding 3 (Trust II): a worker grew to 2.5 GB converting one Anlage; now its address
    # space is bounded from its start (grenzen.speicher_mb), so such a conversion fails.
    from pipeline.pdf import Limits

    with Converter(1, workdir=tmp_path, limits=Limits(speicher_mb=1536)) as conv:
        conv.start_in_background()
        docx = tmp_path / "a.docx"
        Document().save(docx)
        conv.convert(docx, tmp_path / "a.pdf")
        profile = conv.workers[0].profile.as_uri()
        limits = [Path(f"/proc/{pid}/limits").read_text() for pid in os.listdir("/proc")
                  if pid.isdigit() and profile in _cmdline(pid)]
    assert limits, "no LibreOffice process of the worker found"
    for text in limits:
        line = next(x for x in text.splitlines() if x.startswith("Max address space"))
        assert line.split()[3] == str(1536 * 1024 * 1024), line


def _cmdline(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""
