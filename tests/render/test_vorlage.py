"""A Vorlage's Word file: the template filled with values, sections and logo."""

import shutil

from pypdf import PdfReader

from helpers import MINIMAL, STYLES, run


def test_house_style_logo_appears_on_the_first_page(project, write_draft):

    from PIL import Image


    folder = project.root / "templates" / "mitlogo"
    shutil.copytree(STYLES / "standard", folder)
    Image.new("RGB", (120, 60), (200, 30, 30)).save(folder / "wappen.png")
    haus = folder / "haus.yaml"
    haus.write_text(haus.read_text(encoding="utf-8") + "logo: wappen.png\n", encoding="utf-8")
    write_draft("l.yaml", "hausstil: mitlogo\n" + MINIMAL)
    result = run(["build", "drafts/l.yaml"], project.root)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(str(project.output_dir / "l-ENTWURF.pdf"))
    assert len(reader.pages[0].images) == 1
    assert all(len(page.images) == 0 for page in reader.pages[1:])
