"""The submission PDF: the Vorlage, then each Anlage with a stamp and a bookmark."""

import pikepdf
from pypdf import PdfReader

from helpers import helvetica_pdf
from pipeline.pdf import Attachment, Metadata, assemble_pdf, pdfa

META = Metadata(title="Beschaffung von Testgeräten", author="Amt für Tests",
                subject="Beschlussvorlage", keywords="2024/XXXX")


def test_anlagen_follow_with_stamps_bookmarks_and_metadata(tmp_path, final_copy):
    one, two = tmp_path / "eins.pdf", tmp_path / "zwei.pdf"
    helvetica_pdf(one, "Angebot der Firma Muster")
    helvetica_pdf(two, "Kostenaufstellung")
    out = tmp_path / "out" / "vorlage.pdf"
    # the number as the Vorlage's list prints it, an own one (3.1) too
    pages = assemble_pdf(final_copy, [Attachment("1", "Angebot", one),
                                      Attachment("3.1", "Kosten", two)],
                         "2024/XXXX", META, out, "Anlage")
    reader = PdfReader(str(out))
    assert pages == len(reader.pages) == 3
    texts = [p.extract_text() for p in reader.pages]
    assert "Anlage 1 zur Vorlage 2024/XXXX" in texts[1] and "Angebot der Firma" in texts[1]
    assert "Anlage 3.1 zur Vorlage 2024/XXXX" in texts[2]
    outline = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
    assert outline[-2:] == [("Anlage 1: Angebot", 1), ("Anlage 3.1: Kosten", 2)]
    assert reader.metadata.author == "Amt für Tests" and reader.metadata.subject == \
        "Beschlussvorlage"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "de-DE" and root["/PageMode"] == "/UseOutlines"


def test_final_keeps_pdfa_and_withdraws_only_the_ua_claim(tmp_path, final_copy):
    before = pdfa.identification(final_copy)
    assert before.pdfa == "2B" and before.pdfua
    anlage = tmp_path / "a.pdf"
    helvetica_pdf(anlage, "Anlage")
    out = tmp_path / "final.pdf"
    assemble_pdf(final_copy, [Attachment("1", "A", anlage)], "2024/0001", META, out,
                 final=True)
    after = pdfa.identification(out)
    assert after.pdfa == "2B" and not after.pdfua
    assert after.xmp_title == after.info_title == before.xmp_title
    with pikepdf.open(out) as pdf:
        assert "/Filter" not in pdf.Root.Metadata  # PDF/A: the XMP stays readable as it is
        assert pdf.Root.MarkInfo.Marked  # the Vorlage's own tags stay


def test_a_final_title_with_quotes_and_ampersands_survives_the_anlagen(tmp_path, quoted_final,
                                                                      final_vorlage_pdf):
    vorlage, props = tmp_path / "vorlage.pdf", quoted_final[1]
    vorlage.write_bytes(quoted_final[0].read_bytes())
    out = tmp_path / "final.pdf"
    meta = Metadata(props["title"], props["author"], props["subject"], props["keywords"])
    assemble_pdf(vorlage, [Attachment("1", "Lageplan", final_vorlage_pdf)], "2024/0001", meta,
                 out, final=True)
    assert pdfa.problems(out) == []
    with pikepdf.open(out) as pdf:
        xmp = pdf.open_metadata()
        assert xmp["dc:title"] == str(pdf.docinfo.Title) == props["title"]
        assert xmp["dc:creator"] == [props["author"]]
        assert xmp["dc:description"] == props["subject"]
        assert xmp.pdfa_status == "2B" and "pdfuaid:part" not in xmp
