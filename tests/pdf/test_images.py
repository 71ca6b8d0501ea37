"""images.py: a JPG or PNG becomes one A4 page; bombs, broken files and metadata stay out."""

import io
import struct
import zlib

import pikepdf
import pytest
from PIL import Image

from pipeline.pdf import ImageError, LimitExceeded, Limits, check_image, image_to_pdf
from pipeline.pdf.images import A4
from spreadsheets import gps_exif, jpeg, png


def page_of(pdf_path):
    """(page width, height as shown, /Rotate, the images on it as (filter, w, h))."""
    with pikepdf.open(pdf_path) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        box = [float(v) for v in page.mediabox]
        turn = int(page.obj.get("/Rotate", 0))
        width, height = box[2] - box[0], box[3] - box[1]
        if turn % 180:
            width, height = height, width
        images = [(str(x.get("/Filter")), int(x.Width), int(x.Height))
                  for x in page.obj.Resources.XObject.values() if x.Subtype == "/Image"]
        return round(width), round(height), turn, images


def test_a_jpeg_is_embedded_as_it_is_on_a_portrait_or_landscape_page(tmp_path):
    for name, size, shown in (("hoch.jpg", (600, 900), (595, 842)),
                              ("quer.jpg", (1200, 800), (842, 595))):
        (tmp_path / name).write_bytes(jpeg(*size))
        image_to_pdf(tmp_path / name, tmp_path / "out.pdf")
        width, height, turn, images = page_of(tmp_path / "out.pdf")
        assert (width, height) == shown and turn == 0
        assert images == [("/DCTDecode", *size)]  # no re-encoding: still a JPEG


def test_a_png_becomes_one_page_its_transparency_laid_onto_white(tmp_path):
    (tmp_path / "plan.png").write_bytes(png(300, 200, (30, 90, 200, 128)))
    image_to_pdf(tmp_path / "plan.png", tmp_path / "out.pdf")
    width, height, _, images = page_of(tmp_path / "out.pdf")
    assert (width, height) == (842, 595) and images == [("/FlateDecode", 300, 200)]
    with pikepdf.open(tmp_path / "out.pdf") as pdf:
        (image,) = [x for x in pdf.pages[0].obj.Resources.XObject.values()]
        assert "/SMask" not in image  # no transparency group needed for PDF/A
        pixel = pikepdf.PdfImage(image).as_pil_image().getpixel((0, 0))
    assert pixel == (142, 172, 227)  # half-transparent blue over white


def test_the_picture_fits_inside_the_margin(tmp_path):
    (tmp_path / "b.jpg").write_bytes(jpeg(3000, 100))
    image_to_pdf(tmp_path / "b.jpg", tmp_path / "out.pdf")
    with pikepdf.open(tmp_path / "out.pdf") as pdf:
        content = pdf.pages[0].obj.Contents.read_bytes().decode()
    scale_x = float(content.split()[1])  # "q <w> 0 0 <h> <x> <y> cm /Im0 Do Q"
    assert abs(scale_x - (A4[1] - 2 * 42.52)) < 0.5


def test_exif_gps_and_camera_never_reach_the_pdf(tmp_path):
    raw = jpeg(640, 480, exif=gps_exif())
    assert b"Kamerahersteller-Geheim" in raw
    (tmp_path / "foto.jpg").write_bytes(raw)
    image_to_pdf(tmp_path / "foto.jpg", tmp_path / "out.pdf")
    data = (tmp_path / "out.pdf").read_bytes()
    assert b"Kamerahersteller-Geheim" not in data and b"Exif" not in data
    gps = gps_exif().tobytes()
    assert gps[-40:] not in data
    # the same for a PNG carrying EXIF (eXIf chunk) and text chunks
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Geheimer Autor")
    out = io.BytesIO()
    Image.new("RGB", (50, 40), "green").save(out, "PNG", exif=gps_exif(), pnginfo=info)
    (tmp_path / "foto.png").write_bytes(out.getvalue())
    image_to_pdf(tmp_path / "foto.png", tmp_path / "png.pdf")
    data = (tmp_path / "png.pdf").read_bytes()
    assert b"Kamerahersteller-Geheim" not in data and b"Geheimer Autor" not in data


@pytest.mark.parametrize("orientation, turn", [(6, 90), (3, 180), (8, 270)])
def test_a_quarter_turn_in_exif_turns_the_page_not_the_pixels(tmp_path, orientation, turn):
    (tmp_path / "f.jpg").write_bytes(jpeg(800, 600, exif=gps_exif(orientation)))
    image_to_pdf(tmp_path / "f.jpg", tmp_path / "out.pdf")
    width, height, rotate, images = page_of(tmp_path / "out.pdf")
    assert rotate == turn and images == [("/DCTDecode", 800, 600)]
    assert (width, height) == ((595, 842) if turn in (90, 270) else (842, 595))


def test_a_mirrored_orientation_turns_the_pixels(tmp_path):
    # orientation 5: mirrored and turned; the page shows the picture upright, 600 x 800
    (tmp_path / "f.jpg").write_bytes(jpeg(800, 600, exif=gps_exif(5)))
    image_to_pdf(tmp_path / "f.jpg", tmp_path / "out.pdf")
    width, height, rotate, images = page_of(tmp_path / "out.pdf")
    assert rotate == 0 and images == [("/DCTDecode", 600, 800)] and (width, height) == (595, 842)
    assert b"Kamerahersteller-Geheim" not in (tmp_path / "out.pdf").read_bytes()


def bomb_png(width: int, height: int) -> bytes:
    """A PNG declaring width x height grey pixels whose data is a few kilobytes of zeros."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    rows = zlib.compress(bytes(64 * 1024), 9)  # never the whole picture: refused before
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0,
                                                               0, 0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


def test_a_decompression_bomb_is_refused_before_decoding(tmp_path):
    (tmp_path / "bombe.png").write_bytes(bomb_png(30000, 30000))
    assert (tmp_path / "bombe.png").stat().st_size < 2000
    for call in (lambda: check_image(tmp_path / "bombe.png"),
                 lambda: image_to_pdf(tmp_path / "bombe.png", tmp_path / "out.pdf")):
        with pytest.raises(LimitExceeded, match=r"ist als Bild zu groß \(900 Megapixel; "
                                                r"erlaubt sind 100 Megapixel, Einstellung "
                                                r"grenzen\.bild_megapixel in vorlage\.yaml\)"):
            call()
    # below Pillow's own bomb limit, ours decides, and the message names the size
    (tmp_path / "gross.png").write_bytes(bomb_png(12000, 10000))
    with pytest.raises(LimitExceeded, match=r"12000 × 10000 Pixel, 120 Megapixel; erlaubt "
                                            r"sind 20 Megapixel"):
        check_image(tmp_path / "gross.png", Limits(bild_megapixel=20))
    assert not (tmp_path / "out.pdf").exists()


def test_truncated_or_corrupt_pictures_are_refused_in_german(tmp_path):
    whole = jpeg(1600, 1200, colour=(10, 200, 10))
    (tmp_path / "halb.jpg").write_bytes(whole[:len(whole) // 2])
    with pytest.raises(ImageError, match="halb.jpg ist kein lesbares Bild \\(unvollständig"):
        check_image(tmp_path / "halb.jpg")
    with pytest.raises(ImageError, match="halb.jpg ist kein lesbares Bild"):
        image_to_pdf(tmp_path / "halb.jpg", tmp_path / "out.pdf")
    full_png = png(400, 400)
    (tmp_path / "halb.png").write_bytes(full_png[:len(full_png) - 40])
    with pytest.raises(ImageError, match="halb.png ist kein lesbares Bild"):
        check_image(tmp_path / "halb.png")
    (tmp_path / "kaputt.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"kein Bild" * 20)
    with pytest.raises(ImageError, match="kaputt.png ist kein lesbares Bild"):
        check_image(tmp_path / "kaputt.png")
    (tmp_path / "anders.png").write_bytes(_gif())
    with pytest.raises(ImageError, match="dem Inhalt nach kein JPG- oder PNG-Bild"):
        check_image(tmp_path / "anders.png")


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    return out.getvalue()


def test_a_picture_too_large_on_disk_is_refused_by_its_setting(tmp_path):
    (tmp_path / "gross.jpg").write_bytes(jpeg(2000, 2000))
    with pytest.raises(LimitExceeded, match="grenzen.anlage_mb"):
        image_to_pdf(tmp_path / "gross.jpg", tmp_path / "out.pdf", Limits(anlage_mb=0.001))


def test_odd_modes_become_rgb_or_grey(tmp_path):
    for mode, value in (("CMYK", (0, 255, 255, 0)), ("I;16", 65535), ("LA", (0, 128)),
                        ("P", 3)):
        picture = Image.new(mode, (40, 30), value)
        out = io.BytesIO()
        if mode == "CMYK":
            picture.save(out, "JPEG")
        else:
            picture.save(out, "PNG", **({"transparency": 3} if mode == "P" else {}))
        name = f"bild-{mode.replace(';', '')}.{'jpg' if mode == 'CMYK' else 'png'}"
        (tmp_path / name).write_bytes(out.getvalue())
        image_to_pdf(tmp_path / name, tmp_path / "out.pdf")
        with pikepdf.open(tmp_path / "out.pdf") as pdf:
            (image,) = list(pdf.pages[0].obj.Resources.XObject.values())
            assert str(image.ColorSpace) in ("/DeviceRGB", "/DeviceGray"), mode
