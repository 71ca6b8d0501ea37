"""Anlagen uploaded through the real server (`vorlage serve`, signed in through the form):
each accepted kind stored beside the draft under its content's extension, refusals in
German, access as for saving, and the thumbnails."""

import http.client
import io
import json
import struct
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import yaml

import anlage_files
from helpers import run
from webclient import CLOSED, Client

KEMPTEN = "kempten-2020-53-037.yaml"
FOLDER = Path("drafts/anlagen/kempten-2020-53-037")
MB = 1024 * 1024
SMALL = (("anlage_mb: 50 ", "anlage_mb: 1 "),)  # grenzen.anlage_mb of the test project


@pytest.fixture
def small(server):
    running = server(edits=SMALL)
    yield running.root, running.url
    assert "Traceback" not in running.stop()


def signed_in(url, name="anna") -> Client:
    client = Client(url)
    client.sign_in(name)
    client.request("/")  # a page with the session's CSRF token
    return client


def upload(client: Client, name: str, data: bytes, draft: str = KEMPTEN, csrf: bool = True):
    """(status, answer) of one upload as the editor sends it."""
    headers = {"Origin": client.url, "Content-Type": "application/octet-stream",
               **({"X-CSRF-Token": client.csrf} if csrf else {})}
    status, text = client.request(f"/api/anlagen/{quote(draft)}?datei={quote(name)}", data,
                                  headers)
    return status, json.loads(text)


def stored(root) -> list[str]:
    folder = root / FOLDER
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def made(tmp_path, kind: str, text: str) -> bytes:
    path = tmp_path / f"quelle.{kind}"
    if kind in ("jpg", "png"):
        return anlage_files.picture(path, (320, 200)).read_bytes()
    return getattr(anlage_files, kind)(path, text).read_bytes()


def test_each_kind_is_stored_beside_the_draft_under_its_contents_extension(small, tmp_path):
    root, url = small
    client = signed_in(url)
    sent = {"Bericht 2024.PDF": ("pdf", ".pdf"), "Protokoll": ("docx", ".docx"),
            "Satzung.odt": ("odt", ".odt"), "Kosten.xlsx": ("xlsx", ".xlsx"),
            "Plan.ods": ("ods", ".ods"), "Foto Nord.jpeg": ("jpg", ".jpg"),
            "Karte.jpg": ("png", ".png")}  # a PNG named .jpg is stored as what it is
    answers, data = {}, {}
    for name, (kind, _) in sent.items():
        data[name] = made(tmp_path, kind, f"Text von {name}")
        status, answer = upload(client, name, data[name])
        assert status == 200, (name, answer)
        answers[name] = answer["anlage"]
    assert answers["Bericht 2024.PDF"] == {"titel": "Bericht 2024",
                                           "datei": f"{FOLDER.relative_to('drafts')}/"
                                                    "bericht-2024.pdf"}
    assert answers["Protokoll"]["titel"] == "Protokoll"
    assert stored(root) == sorted(["bericht-2024.pdf", "protokoll.docx", "satzung.odt",
                                   "kosten.xlsx", "plan.ods", "foto-nord.jpg", "karte.png"])
    for name, (_, suffix) in sent.items():
        assert answers[name]["datei"].endswith(suffix)
        assert (root / "drafts" / answers[name]["datei"]).read_bytes() == data[name]
    # The same name again gets a name of its own; nothing is overwritten.
    status, answer = upload(client, "Bericht 2024.pdf", made(tmp_path, "pdf", "zweite"))
    assert status == 200 and answer["anlage"]["datei"].endswith("/bericht-2024-2.pdf")
    assert (root / FOLDER / "bericht-2024.pdf").read_bytes() == data["Bericht 2024.PDF"]
    # Saved through the form's save path, the CLI checks the same draft.
    path = root / "drafts" / KEMPTEN
    draft = yaml.safe_load(path.read_text(encoding="utf-8"))
    draft["anlagen"] = [*draft.get("anlagen", []), answers["Bericht 2024.PDF"],
                        answers["Protokoll"]]
    status, text = client.post("/api/speichern", json_body=json.dumps(
        {"name": KEMPTEN, "data": draft}).encode())
    assert status == 200, text
    saved = yaml.safe_load(path.read_text(encoding="utf-8"))["anlagen"]
    assert saved[-1] == answers["Protokoll"]
    check = run(["check", f"drafts/{KEMPTEN}"], root)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_program_named_pdf_and_an_oversized_file_are_refused_in_german(small, tmp_path):
    root, url = small
    client = signed_in(url)
    status, answer = upload(client, "programm.pdf",
                            anlage_files.program(tmp_path / "x").read_bytes())
    assert status == 422
    assert answer["fehler"] == ["programm.pdf ist dem Inhalt nach keine der erlaubten "
                                "Dateiarten (erlaubt: PDF, DOCX, ODT, XLSX, ODS, JPG, PNG)"]
    big = anlage_files.pdf(tmp_path / "gross.pdf", "groß").read_bytes()
    big += b"%" + b"0" * (1536 * 1024)  # a comment after the end: 1.5 MB
    status, answer = upload(client, "gross.pdf", big)
    assert status == 413
    assert answer["fehler"] == ["gross.pdf ist 1,5 MB groß; erlaubt sind 1 MB (Einstellung "
                                "grenzen.anlage_mb in vorlage.yaml)"]
    assert stored(root) == []  # no temporary file left either


def test_a_stream_without_length_is_cut_at_the_limit(small, tmp_path):
    """Sent in chunks, the size is known only while reading: refused all the same."""
    root, url = small
    client = signed_in(url)
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    connection.putrequest("POST", f"/api/anlagen/{KEMPTEN}?datei=strom.pdf")
    cookie = "; ".join(f"{c.name}={c.value}" for c in client.jar)
    for key, value in {"Origin": url, "X-CSRF-Token": client.csrf, "Cookie": cookie,
                       "Content-Type": "application/octet-stream",
                       "Transfer-Encoding": "chunked"}.items():
        connection.putheader(key, value)
    connection.endheaders()
    chunk = b"%PDF-1.4\n" + b"0" * (256 * 1024)
    for _ in range(6):  # 1.5 MB
        connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    connection.send(b"0\r\n\r\n")
    response = connection.getresponse()
    answer = json.loads(response.read())
    assert response.status == 413
    assert answer["fehler"][0].startswith("strom.pdf ist ")
    assert "MB groß; erlaubt sind 1 MB (Einstellung grenzen.anlage_mb" in answer["fehler"][0]
    assert stored(root) == []


def test_only_who_may_write_the_draft_uploads_with_the_csrf_token(small, tmp_path):
    root, url = small
    pdf = anlage_files.pdf(tmp_path / "a.pdf", "Zugriff").read_bytes()
    status, _ = upload(signed_in(url, "bea"), "a.pdf", pdf)  # another Amt
    assert status in (403, 404)
    status, _ = upload(signed_in(url, "anna"), "a.pdf", pdf, draft=CLOSED)
    assert status == 404  # the closed Vorlage of another Amt: not even there
    status, answer = upload(signed_in(url, "anna"), "a.pdf", pdf, csrf=False)
    assert status == 403 and answer["fehler"] == ["CSRF-Token fehlt oder falsch"]
    anonymous = Client(url)
    status, _ = anonymous.request(f"/api/anlagen/{KEMPTEN}?datei=a.pdf", pdf,
                                  {"Origin": url, "Content-Type": "application/octet-stream"})
    assert status == 401
    assert stored(root) == []


@pytest.mark.parametrize("name, expected", [
    ("../../vorlage.yaml.pdf", "vorlage.yaml.pdf"),
    ("..\\..\\..\\Windows\\Boese Datei.pdf", "boese-datei.pdf"),
    ("/etc/passwd", "passwd.pdf"),
    ("...", "anlage.pdf"),
    (".versteckt.pdf", "versteckt.pdf"),
    ("Prüfbericht Straße.pdf", "pruefbericht-strasse.pdf"),
])
def test_names_from_the_browser_lose_their_folders(small, tmp_path, name, expected):
    root, url = small
    status, answer = upload(signed_in(url), name,
                            anlage_files.pdf(tmp_path / "a.pdf", "Name").read_bytes())
    assert status == 200, answer
    assert answer["anlage"]["datei"] == f"anlagen/kempten-2020-53-037/{expected}"
    assert stored(root) == [expected]
    assert not (root / "vorlage.yaml.pdf").exists()


def test_a_draft_name_out_of_the_drafts_folder_is_no_draft(small, tmp_path):
    _, url = small
    status, _ = upload(signed_in(url), "a.pdf",
                       anlage_files.pdf(tmp_path / "a.pdf", "x").read_bytes(),
                       draft="..%2Fvorlage.yaml")
    assert status == 404


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


def thumbnail(client: Client, datei: str, draft: str = KEMPTEN):
    """(status, headers, bytes) of a thumbnail, as the editor's <img> asks for it."""
    address = f"{client.url}/entwurf/{draft}/vorschaubild?datei={quote(datei)}"
    try:
        with client.opener.open(urllib.request.Request(address), timeout=120) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_thumbnails_are_small_pngs_of_the_first_page_cached_by_content(small, tmp_path):
    root, url = small
    client = signed_in(url)
    pdf = anlage_files.pdf(tmp_path / "a.pdf", "Vorschaubild")
    _, answer = upload(client, "plan.pdf", pdf.read_bytes())
    _, picture = upload(client, "foto.png",
                        anlage_files.picture(tmp_path / "f.png", (800, 400)).read_bytes())
    for datei, most in ((answer["anlage"]["datei"], 160),  # uploaded, not saved yet
                        (picture["anlage"]["datei"], 160),
                        ("anlagen/kik-praesentation.docx", 160)):  # the saved draft's, Word
        status, headers, body = thumbnail(client, datei)
        assert status == 200, (datei, body[:200])
        assert headers["Content-Type"] == "image/png"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert max(png_size(body)) <= most and min(png_size(body)) > 10
    assert png_size(thumbnail(client, picture["anlage"]["datei"])[2]) == (160, 80)
    cache = root / "output" / "vorschaubilder"
    assert len(list(cache.glob("*.png"))) == 3
    # A file of the folder that is no Anlage of this draft, or none at all: no picture.
    (root / "drafts" / "notiz.pdf").write_bytes(pdf.read_bytes())
    for datei in ("../notiz.pdf", "anlagen/fehlt.pdf", "../../vorlage.yaml", ""):
        assert thumbnail(client, datei)[0] == 404, datei


def test_another_groups_anlage_gets_no_thumbnail_and_no_preview(small, tmp_path):
    root, url = small
    anna, ben = signed_in(url, "anna"), signed_in(url, "ben")  # ben writes the closed one
    closed_file = "anlagen/wertgutachten-beispielfeld.pdf"  # the closed Vorlage's
    assert thumbnail(ben, closed_file, CLOSED)[0] == 200
    assert thumbnail(anna, closed_file)[0] == 404
    assert thumbnail(anna, closed_file, CLOSED)[0] == 404
    # An upload to the closed Vorlage, not saved there yet, is its group's all the same.
    _, answer = upload(ben, "geheim.pdf",
                       anlage_files.pdf(tmp_path / "g.pdf", "Geheimes Gutachten").read_bytes(),
                       draft=CLOSED)
    secret = answer["anlage"]["datei"]
    assert secret == "anlagen/bielefeld-grundstueck-nichtoeffentlich/geheim.pdf"
    assert thumbnail(anna, secret)[0] == 404
    data = yaml.safe_load((root / "drafts" / KEMPTEN).read_text(encoding="utf-8"))
    data["anlagen"] = [{"titel": "Fremd", "datei": secret}]
    status, text = anna.post("/api/vorschau", json_body=json.dumps(
        {"name": KEMPTEN, "data": data}).encode())
    assert status == 403 and "Geheimes" not in text


def test_the_body_is_counted_while_it_streams(tmp_path):
    """A body without a length (a server that passes chunks on) is cut one byte past the
    limit, with the same German message; the server before it is not trusted to know."""
    from werkzeug.exceptions import HTTPException

    from pipeline.pdf import Limits
    from pipeline.project import Project
    from pipeline.web import create_app
    from pipeline.web.uploads import _receive
    from webclient import example_project

    app = create_app(Project.find(example_project(tmp_path)))
    body = io.BytesIO(b"%PDF-1.4\n" + b"0" * (MB + 10))
    try:
        with app.test_request_context("/", method="POST", input_stream=body,
                                      environ_overrides={"wsgi.input_terminated": True}):
            with pytest.raises(HTTPException) as refused:
                _receive(tmp_path / "x.upload", "strom.pdf", Limits(anlage_mb=1))
    finally:
        app.extensions["vorlage"].converter.close()
    assert refused.value.code == 413
    assert refused.value.description == ("strom.pdf ist 1,0 MB groß; erlaubt sind 1 MB "
                                         "(Einstellung grenzen.anlage_mb in vorlage.yaml)")
    assert (tmp_path / "x.upload").stat().st_size <= MB
