"""`vorlage templates check` and the refusal of broken templates by `vorlage build`."""

import shutil

from docx import Document

from helpers import MINIMAL, STYLES, pdf_text, run


def broken_style(root):
    folder = root / "templates" / "kaputt"
    shutil.copytree(STYLES / "standard", folder)
    doc = Document(str(folder / "vorlage.docx"))
    for para in doc.paragraphs:
        if para.text == "{{ betreff }}":
            para.runs[0].text = "{{ betref }}"
    doc.add_paragraph("{% if %}kaputt{% endif %}")
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.text.startswith("{{ b.gremium }}"):
                    run = cell.paragraphs[0].runs[0]
                    run.text = run.text.replace("{{ b.gremium }}", "{{ b.gremim }}")
    doc.styles["Quote"].name = "Zitat alt"
    doc.save(str(folder / "vorlage.docx"))
    return folder


def test_templates_lists_the_styles(project):
    result = run(["templates"], project.root)
    assert result.returncode == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == ["bielefeld", "bottrop", "kempten", "leipzig", "standard", "waiblingen"]


def test_bundled_templates_are_clean(project):
    for name in ("standard", "kempten", "bielefeld", "waiblingen", "bottrop", "leipzig"):
        result = run(["templates", "check", name], project.root)
        assert result.returncode == 0, result.stderr


def test_misspelt_variable_and_broken_tag_are_both_reported(project):
    broken_style(project.root)
    result = run(["templates", "check", "templates/kaputt"], project.root)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith("templates/kaputt/vorlage.docx: Absatz")
               and "(„{{ betref }}“): unbekannte Variable „betref“; meinten Sie „betreff“?"
               in line for line in lines), lines
    assert any("(„{% if %}kaputt{% endif %}“): Jinja-Syntaxfehler: Expected an expression"
               in line for line in lines), lines
    assert any("Tabelle 2, Zeile 3, Spalte 1 („{{ b.gremim }}" in line
               and "unbekanntes Feld „gremim“; meinten Sie „gremium“?" in line
               for line in lines), lines
    assert "templates/kaputt/vorlage.docx: Formatvorlagen: Formatvorlage „Quote“ fehlt " \
           "(die erzeugten Abschnitte brauchen sie)" in lines
    by_name = run(["templates", "check", "kaputt"], project.root)
    assert by_name.stderr == result.stderr


def test_declared_names_are_known_and_suggested(project):
    from helpers import declared_style

    folder = declared_style(project.root / "templates")
    doc = Document(str(folder / "vorlage.docx"))
    doc.add_paragraph("{{ felder.klimarelevanz }} {{ abschnitte.rechtsgrundlage }}")
    doc.add_paragraph("{{ felder.klimarelevnz }}")
    doc.add_paragraph("{% for f in kopf %}{{ f.beschriftung }} {{ f.wret }}{% endfor %}")
    doc.save(str(folder / "vorlage.docx"))
    result = run(["templates", "check", "musterfeld"], project.root)
    assert result.returncode == 1
    lines = [line.split("): ", 1)[-1] for line in result.stderr.splitlines()[:-1]]
    assert lines == ["unbekanntes Feld „klimarelevnz“; meinten Sie „klimarelevanz“?",
                     "unbekanntes Feld „wret“; meinten Sie „wert“?"], result.stderr


def test_a_template_that_prints_no_declared_header_field_is_warned(project):
    from helpers import DECLARED_STYLE

    folder = project.root / "templates" / "alt"
    shutil.copytree(STYLES / "bielefeld", folder)  # a template without the `kopf` rows
    (folder / "haus.yaml").write_text(DECLARED_STYLE, encoding="utf-8")
    result = run(["templates", "check", "alt"], project.root)
    assert result.returncode == 0  # a warning: the style works, the field is not printed
    warned = [line for line in result.stderr.splitlines() if "Kopffeld" in line]
    assert len(warned) == 7 and "felder.verfasser: Warnung: Kopffeld wird nicht gedruckt" \
        in warned[0], result.stderr
    doc = Document(str(folder / "vorlage.docx"))
    doc.add_paragraph("{{ felder.verfasser }}")
    doc.save(str(folder / "vorlage.docx"))
    result = run(["templates", "check", "alt"], project.root)
    assert "felder.verfasser" not in result.stderr
    assert len([line for line in result.stderr.splitlines() if "Kopffeld" in line]) == 6


def test_build_refuses_a_broken_template_with_the_same_lines(project, write_draft):
    broken_style(project.root)
    write_draft("a.yaml", "hausstil: kaputt\n" + MINIMAL)
    check = run(["templates", "check", "kaputt"], project.root)
    build = run(["build", "drafts/a.yaml"], project.root)
    assert build.returncode == 1
    problem_lines = check.stderr.splitlines()[:-1]  # the last line is the summary
    assert problem_lines
    for line in problem_lines:
        assert line in build.stderr
    assert not (project.output_dir / "a-ENTWURF.pdf").exists()


def test_draft_text_never_runs_as_template_code(project, write_draft):
    text = MINIMAL.replace("  Die Geräte sind veraltet.\n",
                           "  Rechnung: {{ 7*7 }} und {% for x in range(3) %}x{% endfor %}\n\n"
                           "  Müller & Söhne <b>fett?</b> a < b > c\n") \
        .replace("betreff: Beschaffung von Testgeräten",
                 "betreff: \"Tische & Stühle <i>{{ 6*7 }}</i>\"")
    write_draft("t.yaml", text)
    result = run(["build", "drafts/t.yaml"], project.root)
    assert result.returncode == 0, result.stderr
    pdf = pdf_text(project.output_dir / "t-ENTWURF.pdf")
    assert "{{ 7*7 }}" in pdf and "49" not in pdf
    assert "{% for x in range(3) %}x{% endfor %}" in pdf
    assert "Müller & Söhne <b>fett?</b> a < b > c" in pdf
    assert "Tische & Stühle <i>{{ 6*7 }}</i>" in pdf and "42" not in pdf
