"""Writes the two example attachments used by the demo drafts in drafts/anlagen/.

- kik-praesentation.docx: the Kempten slides (seed 001) typed as a Word document.
- kim-umsetzung-bielefeld.pdf: a one-page stand-in for "Anlage 1" of the Bielefeld seed (002).

Run from anywhere: python scripts/make_example_anlagen.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

OUT = Path(__file__).resolve().parent.parent / "drafts" / "anlagen"
FONTS = Path("/usr/share/fonts/truetype/liberation")

FIELDS = ["Sprache und Bildung", "Arbeit und Ausbildung", "Gesundheit und Pflege",
          "Bürgerschaftliches Engagement", "Gesellschaftliche Teilhabe",
          "Interkulturelle Öffnung"]
ENTWICKLUNG = "3. Der Entwicklungsprozess des Kommunalen Integrationskonzepts Kempten (KIK)"
ERGEBNISSE = "4. Die Ergebnisse und Handlungsfelder"
UMSETZUNG = "5. Die Umsetzung des KIKs"

# The 85 participating institutions (slide "Arbeitsmethodik").
INSTITUTIONEN = """Agentur für Arbeit
Berufliche Oberschule Kempten (FOS/BOS)
Berufsschule - Berufsintegrationsklassen
Berufsschule I
Berufsschule II
Berufsschule III
Bildungsträger inlingua Kempten
Bildungsträger Bfz Kempten
Bildungsträger Bildung und Beruf
Bildungsträger DAA
Bildungsträger Deutsch lernen im Haus International
Bildungsträger Die Kolping Akademie
Bildungsträger vhs Kempten
Bischöfliches Dekanat Kempten
Caritas - Kontaktstelle für Menschen mit Behinderung
Carl-von-Linde Gymnasium
Dachverband türkischer Vereine in Kempten
Dekanat Evangelisch-Lutherische Kirchen
Deutsch-Russischer Bildungverein
Diakonie-Kindertagesstätte
Diakonie Asyl- und Integrationsberatung / Migrationsberatung
Diakonie Beratung und Hilfe (KASA)
Diakonie Integrationslots*innen
Diakonie Kulturcafés
Diakonie Kulturdolmetscher*innen
Diakonie TAFF
Diakonie Wohnraum Für Alle (WoFa)
Diakonie Wohnungsnothilfe
Ehrenamtlich Engagierte
Evangelisches Dekanat
Fachakademie für Sozialpädagogik
Familienzentrum WIR - Hand in Hand
Förderzentrum St. Georg
Gerhardinger Haus
Grundschule Fürstenstraße
Haus International e.V.
Haus International e.V. MIMI
Hochschule Kempten
HWK Schwaben
IHK Schwaben
Ikarus thingers e.V.
Integrationsbeirat
Jobcenter Kempten
Jugendhilfeeinrichtung Kids24
Kindertagesstätte Chapuis Villa
Kindertagesstätte Flohkiste
Kindertagesstätte Haus für Kinder - St. Lorenz
Kindertagesstätte Kita St. Anton
Kindertagesstätte Klecks
Kindertagesstätte St. Ulrich
Migrationsberatung Bayrisches Rotes Kreuz
Migrationsberatung Caritas
Migrationsberatung Jugendmigrationsdienst
Mittelschule bei der Hofmühle
Mittelschule Robert-Schuman-Schule
Mittelschule Wittelsbacherschule
Polizei Kempten
Quartiersmanagement Kempten Ost
Rumänisch-Orth. Gemeinde
Schwangereberberatung pro familia
Schwangereberberatung Sozialdienst kath. Frauen
Senior Expert Service Projekt VerA
Sozialdienst muslimischer Frauen e.V.
Staatliches Schulamt
Stadt Kempten (Allgäu) Amt für Jugendarbeit
Stadt Kempten (Allgäu) Jugendamt
Stadt Kempten (Allgäu) Kulturamt
Stadt Kempten (Allgäu) Personalamt
Stadt Kempten (Allgäu) Amt für Auszubildendenförderung, Senioren- und Wohnungsfragen
Stadt Kempten (Allgäu) Amt für BürgerService
Stadt Kempten (Allgäu) Amt für Integration
Stadt Kempten (Allgäu) Amt für Kindertagesstätten, Schulen und Sport
Stadt Kempten (Allgäu) Amt für soziale Leistungen und Hilfen
Stadt Kempten (Allgäu) Amt für Wirtschaft und Stadtentwicklung
Stadt Kempten (Allgäu) Gleichstellungsstelle
Stadt Kempten (Allgäu) Inklusionsbeauftragte
Stadt Kempten (Allgäu) Oberbürgermeister
Stadt Kempten (Allgäu) Referent Jugend, Schule und Soziales
Stadtjugendring Kempten (Allgäu)
Stadträt*innen
Stadtrat, Integrationsbeauftragte
Stadtebüro Sankt Mang
Stadtebüro Thingers
Wohnungsbaugesellschaft BSG Allgäu
Wohnungsbaugesellschaft die Sozialbau""".splitlines()

STEUERUNGSGRUPPE = [
    ("Fachbereiche und Stadtrat", [
        ("Integrationsbeauftragte des Stadtrats", "Ilknur Altan"),
        ("Integrationsbeirat des Stadtrates", "Rosalia Kubedinow / Eugen Hübert"),
        ("Migrations-, Flüchtlings- und Integrationsberatung",
         "Anke Heinroth, Diakonie Kempten Allgäu / Christine Floh, Kath. Jugendfürsorge der "
         "Diözese Augsburg e.V."),
        ("Freie Träger Integration",
         "Lajos Fischer, Haus International / Gabriele Heilinger, Trägerverein Haus "
         "International e.V."),
        ("Freie Träger Jugend",
         "Alexander Haag, Stadtjugendring / Marina Neugebauer-Wanner, Stadtjugendring"),
        ("Schule", "Tobias Schiele, Schulrat / Stephan Baumann, Mittelschule bei der Hofmühle"),
        ("Arbeitsmarkt", "Helene Vetter, Jobcenter / Jürgen Schweighart, Agentur für Arbeit"),
    ]),
    ("Stadtverwaltung", [
        ("Referent Jugend, Schule und Soziales", "Thomas Baier-Regnery"),
        ("Amt für Integration", "Philipp Wagner / Cornelia Sauter"),
        ("Amt für Jugendarbeit", "Oliver Huber / Alina Alltag"),
        ("Amt für BürgerService", "Konrad Pfister / Peter Galuschka"),
        ("Amt für Ausbildungsförderung, Senioren- und Wohnungsfragen, Seniorenpolitisches "
         "Gesamtkonzept", "Cordula Amann"),
        ("Amt für Ausbildungsförderung, Senioren- und Wohnungsfragen, Koordinationszentrum "
         "bürgerschaftliches Engagement", "Elvira Schmid"),
    ]),
]

ZAHLEN = [("Sprache und Bildung", 8, 30), ("Arbeit und Ausbildung", 8, 27),
          ("Gesundheit und Pflege", 6, 19), ("Bürgerschaftliches Engagement", 5, 18),
          ("Gesellschaftliche Teilhabe", 8, 24), ("Interkulturelle Öffnung", 8, 26)]

BEISPIELE = {
    "Sprache und Bildung": ["z.B. Kooperationen zwischen Schulen/KiTs und informellem "
                            "Bildungsbereich (offene Jugendarbeit, Vereine....) stärken"],
    "Arbeit und Ausbildung": ["z.B. Unterstützungsangebote bei der Ausbildung / Zugang zum "
                              "Arbeitsmarkt ausbauen (Beratung, berufsbezogener Sprachkurs...)"],
    "Gesundheit und Pflege": ["z.B. In Netzwerken migrationsspezifische Gesundheits- und Pflege "
                              "Themen behandeln und dafür sensibilisieren"],
    "Bürgerschaftliches Engagement": [
        "z.B. Gewinnung von Ehrenamtlichen zur Vermittlung von Sprache und Kultur",
        "z.B. Begleitung von Ehrenamtlichen durch Koordinator*innen und Abstimmung dazu im "
        "Netzwerk"],
    "Gesellschaftliche Teilhabe": [
        "z.B. Begegnungsstätten in allen Quartieren fördern",
        "z.B. Sportangebote zielgruppenspezifisch bewerben / anpassen",
        "z.B. Menschen mit Migrationshintergrund gezielt für politische Beteiligung ansprechen"],
    "Interkulturelle Öffnung": [
        "z.B. Verwaltungen und Institutionen erarbeiten für sich Handlungsansätze, um ein "
        "Bewusstsein für Integration und Vielfalt zu schaffen",
        "z.B. Entwicklung von Handlungsansätzen und Infrastruktur zur Antidiskriminierungs- und "
        "Antirassismuserbeit"],
}

MASSNAHMEN_KOPF = ["Ziel", "Indikator (zu entwickeln)", "Maßnahme", "Beschreibung der Maßnahme",
                   "Zielgruppe", "verantwortlich (für die Umsetzung)",
                   "Akteur*innen für die Umsetzung", "Was wird für die Umsetzung benötigt?",
                   "Beginn der Umsetzung (Termin Monat/Jahr)", "Umsetzung bis wann?",
                   "Indikatoren (an denen sich der Erfolg festmachen lässt)", "Status"]
# Rows as on the slide (cells cut off with "..." in the original); last column is the status.
MASSNAHMEN = [
    ["Arbeit und Ausbildung Es bestehen so niedrige... Zugänge zu den... Angeboten der... und "
     "Ori...", "", "", 'Beispiel "Austauschtreffen... treffen von "Alteingesessenen" mit '
     'rumänischen Wurzeln und Neuzugewanderten Rumän*innen', "Neuzugewanderte Rumän*innen",
     "Frau/Herr...", "", "", "", "... bis mäßig", "10 Neuzugewanderte pro Treffen", "grün"],
    ["", "", "", 'Beispiel "Austauschtreffen... 2.1.3 Maßnahme C',
     "Neuzugewanderte Türk*innen", "", "", "", "", "", "", "grün"],
    ["", "", "", '2.3.1 Beispiel "Vorträge... berufliche Qualifikation', "", "", "", "", "", "",
     "15 neuzugewanderte Frauen pro Vortrag", "rot"],
    ["", "", "", "Zukunft bringt's, Agentur... Arbeit, Schulen, Ve...", "", "", "", "", "", "",
     "", "gelb"],
]
SHADE = {"grün": "92D050", "gelb": "FFFF00", "rot": "FF0000"}

AKTEURE = ["Agentur für Arbeit", "Arbeitgebende und deren Verbände und Kammern",
           "Berufsschulen", "Bildungsträger", "Ehrenamtlich Engagierte",
           "Ehrenamtskoordinator*innen", "Erwerbstätigenverbände", "Haus International e.V.",
           "Integrationslots*innen", "Jobcenter", "Migrant*innenorganisationen",
           "Migrations-, Flüchtlings- und Integrationsberatung",
           "Schulen und Elternvertretungen", "Sozialdienst muslimischer Frauen e.V.",
           "Stadt Kempten (Allgäu) mit folgenden Ämtern: Amt für Wirtschaftsförderung, Amt für "
           "Integration, Amt für Jugendarbeit, Ausländeramt",
           "Stadtjugendring Kempten / Kulturbrücke", "Stadtteilbüros",
           "Unterausschuss „Zukunft bringt's“", "VerA-Projekt (Stark durch die Ausbildung)"]


def shade(cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def bullets(doc, items, style="List Bullet") -> None:
    for item in items:
        doc.add_paragraph(item, style=style)


def rich(doc, parts, style=None):
    """A paragraph from (text, bold) parts."""
    para = doc.add_paragraph(style=style)
    for text, bold in parts:
        para.add_run(text).bold = bold or None
    return para


def fields_line(doc, names=FIELDS, bold=False):
    # The six field-of-action tiles shown as pictures on several slides.
    rich(doc, [(" · ".join(names), bold)])


def table(doc, rows, header=False):
    t = doc.add_table(rows=len(rows), cols=len(rows[0]), style="Table Grid")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = t.cell(r, c)
            cell.text = str(value)
            if header and r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    return t


def new_section(doc, landscape: bool) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    width, height = sorted((section.page_width, section.page_height), reverse=landscape)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height


def make_docx(path: Path) -> None:
    doc = Document()
    doc.styles["Normal"].font.name = "Liberation Sans"
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = "Das 1. Kommunale Integrationskonzept Kemptens (KIK)"

    # Title slide
    doc.add_heading("Das 1. Kommunale Integrationskonzept Kemptens (KIK)", level=1)
    para = doc.add_paragraph("Kempten ")
    para.add_run("Allgäu").font.superscript = True
    doc.add_paragraph("Vielfalt. Gemeinsam. Gestalten.")
    doc.add_paragraph("Allgäu")
    doc.add_paragraph("Stadtratsitzung 18.11.2021")
    fields_line(doc)

    doc.add_heading("2. Vom Auftrag zum Integrationskonzept", level=1)
    bullets(doc, ["Strategisches Ziel 2030 „Zusammenleben aktiv gestalten“ mit Handlungsfeld "
                  "„Integration fördern“",
                  "2019: Beschluss des Ausschusses für soziale Fragen, ein Integrationskonzept "
                  "für Kempten zu erarbeiten"])

    doc.add_heading(ENTWICKLUNG, level=1)
    rich(doc, [("Arbeitsmethodik:", True)])
    rich(doc, [("Das Konzept wurde durch eine breite ", False),
               ("Beteiligung von 200 Expert*innen aus 85 Institutionen", True),
               (" – hauptamtlich wie ehrenamtlich – entwickelt.", False)])
    bullets(doc, INSTITUTIONEN)

    doc.add_heading(ENTWICKLUNG, level=1)
    bullets(doc, ["Fachrunde: 100 Beteiligte aus dem Netzwerk", "Arbeitsgruppen"])
    doc.add_paragraph("→ Erarbeitung von Bedarfen, Handlungsfeldern, Zielen und Maßnahmen")

    doc.add_heading(ENTWICKLUNG, level=1)
    rich(doc, [("KIK-Steuerungsgruppe:", True)])
    bullets(doc, ["fachlich breit aufgestellt",
                  "bewertete die von den Arbeitsgruppen erarbeiteten Inhalte und legt diese fest."])
    rows = [row for _, members in STEUERUNGSGRUPPE for row in [("", "")] + members]
    t = table(doc, rows)
    r = 0
    for group, members in STEUERUNGSGRUPPE:  # group rows span both columns
        merged = t.cell(r, 0).merge(t.cell(r, 1))
        merged.text = group
        merged.paragraphs[0].runs[0].bold = True
        shade(merged, "D9D9D9")
        r += len(members) + 1

    doc.add_heading(ERGEBNISSE, level=1)
    bullets(doc, ["Die Zusammenarbeit der Akteur*innen der Kemptener Integrationsarbeit wurde "
                  "gestärkt.", "Ein gemeinsames Verständnis"], style="List Number")
    doc.add_heading("Das Integrationsverständnis Kemptens (Allgäu)", level=2)
    rich(doc, [("Integration ist ein fortwährender, gesamtgesellschaftlicher und ", False),
               ("wechselseitiger Prozess", True),
               (" von Menschen mit und ohne Migrationshintergrund. Ziel ist die ", False),
               ("gleichberechtigte Teilhabe aller Menschen", True),
               (" am sozialen, kulturellen, wirtschaftlichen und politischen Leben. Voraussetzung "
                "für einen gelingenden Integrationsprozess ist der Erwerb der deutschen Sprache.",
                False)])
    rich(doc, [("Integration gelingt idealerweise, wenn sich alle in der Gesellschaft zugehörig "
                "fühlen, Verantwortung für sie übernehmen und sich persönlich mit ihr "
                "identifizieren. Die ", False), ("eigene kulturelle Identität", True),
               (" sollte dabei nicht verloren gehen.", False)])
    rich(doc, [("Zuwanderung wird als Potenzial und Chance sowie die Vielfalt und "
                "Mehrsprachigkeit als Gewinn gesehen. Gegenseitige ", False),
               ("Offenheit für Begegnung und Dialog", True),
               (" werden dabei als besonders wichtig erachtet. Unterschiedliche Kulturen und "
                "Religionen werden respektiert und toleriert. Die Basis bildet das deutsche "
                "Grundgesetz.", False)])

    doc.add_heading(ERGEBNISSE, level=1)
    # Continues the numbered list of the previous slide (3.).
    doc.add_paragraph("Handlungsfelder, Ziele mit Maßnahmen", style="List Number")
    fields_line(doc, bold=True)

    doc.add_heading(ERGEBNISSE, level=1)
    rows = [("Handlungsfeld", "Ziele", "Maßnahmen")]
    rows += [(name, f"{ziele} Ziele", f"{massnahmen} Maßnahmen")
             for name, ziele, massnahmen in ZAHLEN]
    total_ziele = sum(z for _, z, _ in ZAHLEN)
    total_massnahmen = sum(m for _, _, m in ZAHLEN)
    assert (total_ziele, total_massnahmen) == (43, 144)
    rows.append(("Gesamt", f"→ {total_ziele} Ziele", f"{total_massnahmen} Maßnahmen"))
    t = table(doc, rows, header=True)
    for cell in t.rows[-1].cells:
        cell.paragraphs[0].runs[0].bold = True
    doc.add_paragraph("→ Es gibt viel zu tun...")
    fields_line(doc, FIELDS[3:])

    for names in (FIELDS[:3], FIELDS[3:]):
        doc.add_heading(ERGEBNISSE, level=1)
        for name in names:
            ziele, massnahmen = next((z, m) for n, z, m in ZAHLEN if n == name)
            doc.add_heading(name, level=2)
            doc.add_paragraph(f"{ziele} Ziele, {massnahmen} Maßnahmen")
            bullets(doc, BEISPIELE[name])

    doc.add_heading("4. Zusammenfassung der Aufgaben in allen Handlungsfeldern", level=1)
    bullets(doc, ["Kommunikation und Informationsweitergabe fördern",
                  "Kooperation im Netzwerk fördern und einfordern",
                  "Regelangebote offen und niederschwellig ausrichten",
                  "Brückenangebote zur Überleitung zu Regelangeboten gestalten",
                  "Neuankommende Personen fördern", "Gesellschaftliches Miteinander fördern",
                  "Verantwortung für die Gemeinschaft übernehmen"])

    new_section(doc, landscape=True)  # the wide measures table gets a landscape page
    doc.add_heading(UMSETZUNG, level=1)
    doc.add_paragraph("- nach der politischen Entscheidung -")
    t = table(doc, [MASSNAHMEN_KOPF] + MASSNAHMEN, header=True)
    for r in range(1, len(MASSNAHMEN) + 1):
        cell = t.cell(r, len(MASSNAHMEN_KOPF) - 1)
        shade(cell, SHADE[cell.text])
    for row in t.rows:
        for cell in row.cells:
            for para in cell.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(7)
    rich(doc, [("Umsetzung mit Arbeitsgruppen", True)]).paragraph_format.space_before = Pt(12)
    bullets(doc, ["Maßnahmen priorisieren + konkretisieren", "Indikatoren entwickeln",
                  "Maßnahmen umsetzen",
                  "Berichterstattung > auch in Fachrunden mit einer Gesamtschau auf die "
                  "KIK-Umsetzung"])
    # Status legend (the slide shows it next to coloured markers).
    rich(doc, [("Status:", True)])
    bullets(doc, ["umgesetzt / wird laufend umgesetzt / Maßnahmenlauf nach Plan",
                  "in Umsetzung (Anfang)", "in Umsetzung (Mitte)", "in Umsetzung (Ende)",
                  "Umsetzung nicht möglich/ gefährdet/ bisher nicht umgesetzt",
                  "zukünftiger Termin"])

    new_section(doc, landscape=False)
    doc.add_heading(UMSETZUNG, level=1)
    doc.add_paragraph("- nach der politischen Entscheidung -")
    doc.add_heading("Arbeit und Ausbildung", level=2)
    doc.add_paragraph("Für eine erfolgreiche Umsetzung der Maßnahmen im Handlungsfeld „Arbeit "
                      "und Ausbildung“ sind u.a. folgende Akteur*innen zu sehen:")
    bullets(doc, AKTEURE)

    doc.add_heading("5. Personeller, finanzieller und zeitlicher Aufwand der Umsetzung", level=1)
    rich(doc, [("Verstärkte Zusammenarbeit", True),
               (", um Synergien zu nutzen und die Ressourcen zu bündeln, z.B. "
                "Mieterqualifizierung, Förderprogramm „Kultur macht stark!“", False)],
         "List Bullet")
    rich(doc, [("Effektivere Nutzung von Regelangeboten", True),
               (", z.B. vom Bund und Land finanzierte Sprachkursformate zielgruppenspezifisch "
                "ausbauen", False)], "List Bullet")
    rich(doc, [("Zielgerichtete Beantragung von:", True)], "List Bullet")
    rich(doc, [("Fördergeldern und Zuschüssen", True), (", z.B. Integrationslots*innen", False)],
         "List Bullet 2")
    rich(doc, [("Förderprogrammen", True), (", z.B. „Demokratie leben!“", False)],
         "List Bullet 2")
    rich(doc, [("Einbindung von KIK-Inhalten", True),
               (" in die Arbeit von städtisch bezuschussten Trägern, z.B. Stadtteilbüros, Haus "
                "International", False)], "List Bullet")

    doc.add_heading("6. Zusammenfassung", level=1)
    fields_line(doc)
    bullets(doc, ["Integration = Querschnittsaufgabe – verschiedene Handlungsfelder, "
                  "verschiedene Lebenslagen", "Integration = Marathon ≠ Sprint",
                  "Die Stadtverwaltung Kempten ist (lediglich) ein Player in diesem Prozess.",
                  "Integration kann nur als gemeinsame Anstrengung aller Akteur*innen gelingen. "
                  "→ alle Akteur*innen müssen Ressourcen einbringen."])
    doc.add_paragraph("→ Das KIK bietet dafür den Handlungsleitfaden und das „Hausaufgabenheft“ "
                      "für alle Akteur*innen!")

    doc.add_heading("Herzlichen Dank für Ihre Aufmerksamkeit!", level=1)
    fields_line(doc)
    doc.save(path)


def make_pdf(path: Path) -> None:
    pdfmetrics.registerFont(TTFont("LiberationSans", FONTS / "LiberationSans-Regular.ttf"))
    pdfmetrics.registerFont(TTFont("LiberationSans-Bold", FONTS / "LiberationSans-Bold.ttf"))
    pdfmetrics.registerFontFamily("LiberationSans", normal="LiberationSans",
                                  bold="LiberationSans-Bold")
    rl_config.canvas_basefontname = "LiberationSans"  # no unembedded Helvetica at all
    base = getSampleStyleSheet()
    body = base["BodyText"].clone("body", fontName="LiberationSans", fontSize=10, leading=14)
    title = base["Title"].clone("title", fontName="LiberationSans-Bold", fontSize=14,
                                leading=18, alignment=0)
    rows = [["Baustein", "Stelle / Anbindung", "Umfang (VZÄ)"],
            ["Baustein 1 (strategischer Overhead)", "Kommunales Integrationszentrum (KI)", "2,0"],
            ["", "Amt für soziale Leistungen – Sozialamt", "0,5"],
            ["", "REGE mbH", "0,5"],
            ["Baustein 2 (individuelles Case Management)",
             "Amt für soziale Leistungen – Sozialamt", "6,0"],
            ["", "Freie Träger", "2,0"]]
    cells = [[Paragraph(f"<b>{c}</b>" if r == 0 else c, body) for c in row]
             for r, row in enumerate(rows)]
    table = Table(cells, colWidths=[62 * mm, 78 * mm, 30 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), "LiberationSans"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9")),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    story = [
        Paragraph("Anlage 1: Umsetzung des Kommunalen Integrationsmanagements in Bielefeld",
                  title),
        Paragraph("Dies ist eine Beispiel-Anlage für die Demo: Die originale Anlage 1 der "
                  "Beschlussvorlage ist nicht Teil des Seeds. Die Tabelle fasst nur die "
                  "Stellenanteile zusammen, die in der Beschlussvorlage selbst genannt sind.",
                  body),
        Spacer(1, 6 * mm),
        table,
    ]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm,
                            title="Anlage 1: Umsetzung des Kommunalen Integrationsmanagements "
                                  "in Bielefeld", author="Stadt Bielefeld (Beispiel)")
    doc.build(story)


def make_closed_pdf(path: Path) -> None:
    """A made-up confidential Anlage for the example closed Vorlage (nichtöffentlich)."""
    base = getSampleStyleSheet()
    body = base["BodyText"].clone("body", fontName="LiberationSans", fontSize=10, leading=14)
    title = base["Title"].clone("title", fontName="LiberationSans-Bold", fontSize=14,
                                leading=18, alignment=0)
    story = [
        Paragraph("Wertgutachten Grundstück Gemarkung Beispielfeld, Flur 7, Flurstück 112",
                  title),
        Paragraph("Erfundenes Beispiel für eine nichtöffentliche Anlage. Ermittelter "
                  "Verkehrswert: 412.000 €. Vertraulich: nur für die Mitglieder des Rates.",
                  body),
    ]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm, title="Wertgutachten",
                            author="Stadt Bielefeld (Beispiel)")
    doc.build(story)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    make_docx(OUT / "kik-praesentation.docx")
    make_pdf(OUT / "kim-umsetzung-bielefeld.pdf")
    make_closed_pdf(OUT / "wertgutachten-beispielfeld.pdf")
    print(f"written to {OUT}")


if __name__ == "__main__":
    main()
