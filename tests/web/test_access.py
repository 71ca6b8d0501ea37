"""Who sees what, in a real browser with one context per user: the bundled closed Vorlage,
built as a draft and as a final, with its Anlage and its session's packets."""

import re

import pytest

from helpers import ARGS, CHROMIUM, run
from webclient import CLOSED, PASSWORD, Server, example_project

SESSION = "bielefeld-rat-2020-09-03"
BETREFF = "Verkauf eines städtischen Grundstücks"
PUBLIC_WITH_CLOSED = "bottrop-2019-0850.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The example project with the closed Vorlage as draft PDF, final and in its session's
    packets, and a running server on it."""
    root = example_project(tmp_path_factory.mktemp("zugriff"))
    # A public Vorlage of Amt 55 with a closed Anlage (the Wertgutachten).
    public = root / "drafts" / PUBLIC_WITH_CLOSED
    public.write_text(public.read_text(encoding="utf-8") + (
        "anlagen:\n  - titel: Internes Gutachten Zielwerte\n"
        "    datei: anlagen/wertgutachten-beispielfeld.pdf\n    oeffentlich: nein\n"),
        encoding="utf-8")
    for args in (["build", f"drafts/{CLOSED}"], ["build", "--final", f"drafts/{CLOSED}"],
                 ["sitzung", "build", f"sitzungen/{SESSION}.yaml"],
                 ["build", "--final", f"drafts/{PUBLIC_WITH_CLOSED}"]):
        result = run(args, root)
        assert result.returncode == 0, result.stderr
    running = Server(root)
    yield root, running.url
    assert "Traceback" not in running.stop()


def closed_urls(root) -> list[tuple[str, str]]:
    """(method, URL) of every route about one Vorlage, for the closed one, from the app's own
    URL map: a route added later is covered without editing this test."""
    from pipeline.project import Project
    from pipeline.web import create_app

    app = create_app(Project.find(root))
    out = []
    for rule in app.url_map.iter_rules():
        if "<path:name>" in rule.rule:
            url = rule.rule.replace("<path:name>", CLOSED).replace("<int:nr>", "1")
            out += [(m, url) for m in sorted(rule.methods - {"HEAD", "OPTIONS"})]
        elif rule.rule.startswith("/api/") and rule.endpoint != "bearbeiten.api_markdown":
            out.append(("POST", rule.rule))
    app.extensions["vorlage"].converter.close()
    files = [f"/sitzung/{SESSION}/datei/{name}" for name in ("Tagesordnung.pdf",
                                                             "Sitzungsmappe.pdf")]
    return out + [("GET", f) for f in files]


def context_of(browser, url, name=None):
    context = browser.new_context()
    if name:
        page = context.new_page()
        page.goto(url + "/anmelden")
        page.fill("input[name=name]", name)
        page.fill("input[name=passwort]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        assert "/anmelden" not in page.url, page.content()[:500]
    return context


def fetch(context, url, method, path, csrf=""):
    headers = {"X-CSRF-Token": csrf, "Origin": url}
    if method == "GET":
        return context.request.get(url + path, max_redirects=0)
    data = {"name": CLOSED, "data": {}} if path.startswith("/api/") else None
    return context.request.post(url + path, headers=headers, data=data,
                                form=None if data else {"csrf": csrf, "art": "x"},
                                max_redirects=0)


def csrf_of(context, url) -> str:
    page = context.new_page()
    page.goto(url + "/sitzungen")
    return page.locator("meta[name=csrf]").get_attribute("content")


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_anonymous_visitor_gets_only_the_sign_in_page(built, chromium):
    root, url = built
    context = context_of(chromium, url)
    for method, path in closed_urls(root) + [("GET", "/"), ("GET", "/sitzungen"),
                                             ("GET", f"/sitzung/{SESSION}")]:
        answer = fetch(context, url, method, path)
        assert BETREFF not in answer.text(), path
        if method == "GET":
            assert answer.status == 303 and "/anmelden" in answer.headers["location"], path
        else:
            assert answer.status in (401, 403), path
    page = context.new_page()
    page.goto(url + f"/entwurf/{CLOSED}")  # a link from a mail: sign in first
    assert page.locator("h1").inner_text() == "Anmelden"


def test_another_amt_gets_nothing_of_the_closed_vorlage(built, chromium):
    root, url = built
    context = context_of(chromium, url, "anna")
    csrf = csrf_of(context, url)
    for method, path in closed_urls(root):
        answer = fetch(context, url, method, path, csrf)
        assert answer.status in (403, 404), (method, path, answer.status)
        assert BETREFF not in answer.text() and "Beispielfeld" not in answer.text(), path
    page = context.new_page()
    for listing in ("/", "/?q=Grundstück", "/?q=Beispielfeld", f"/?sitzung={SESSION}",
                    "/suche?q=Grundstück", "/suche?q=Gemarkung", "/suche?q=Verkauf"):
        page.goto(url + listing)
        assert BETREFF not in page.content() and CLOSED not in page.content(), listing
    page.goto(url + f"/sitzung/{SESSION}")
    agenda = page.locator("table.liste").inner_text()
    assert BETREFF not in agenda and "Nichtöffentliche Angelegenheit" in agenda
    assert page.locator("text=Tagesordnung und Sitzungsmappen bauen").count() == 0
    links = page.locator("a[href*='/datei/']").all_inner_texts()
    assert sorted(links) == ["Sitzungsmappe-oeffentlich.pdf", "Tagesordnung-oeffentlich.pdf"]
    hidden = [r for r in page.locator("table.liste tbody tr").all_inner_texts()
              if "Nichtöffentliche Angelegenheit" in r]
    assert hidden and not any("ok" in r or "tischvorlage" in r or "2026" in r for r in hidden)
    public = fetch(context, url, "GET", f"/sitzung/{SESSION}/datei/Tagesordnung-oeffentlich.pdf")
    assert public.status == 200 and public.body().startswith(b"%PDF")


def test_an_own_draft_cannot_carry_another_groups_anlage(built, chromium):
    """Anna names the closed Vorlage's Wertgutachten as an Anlage of her own draft: saving,
    checking and previewing are refused, so the file never reaches her."""
    import yaml

    root, url = built
    context = context_of(chromium, url, "anna")
    csrf = csrf_of(context, url)
    own = root / "drafts" / "kempten-2020-53-037.yaml"
    before = own.read_bytes()
    data = yaml.safe_load(before)
    data["anlagen"] = [{"titel": "Harmlos", "datei": "anlagen/wertgutachten-beispielfeld.pdf"}]
    for path in ("/api/speichern", "/api/vorschau", "/api/pruefen"):
        answer = context.request.post(url + path, headers={"X-CSRF-Token": csrf, "Origin": url},
                                      data={"name": own.name, "data": data})
        assert answer.status == 403, (path, answer.status)
        assert b"Beispielfeld" not in answer.body() and b"%PDF" not in answer.body()
    assert own.read_bytes() == before
    # Her own Anlage stays hers.
    answer = fetch(context, url, "GET", f"/entwurf/{own.name}/anlage/1")
    assert answer.status == 200


@pytest.mark.parametrize("name", ["sd", "ben", "kai"])
def test_the_group_sees_all_of_it(built, chromium, name):
    """The Sitzungsdienst, the Vorlage's own Amt and the Kämmerei asked to sign it."""
    root, url = built
    context = context_of(chromium, url, name)
    page = context.new_page()
    page.goto(url + "/?q=Grundstück")
    assert BETREFF in page.locator("table.liste").inner_text()
    page.goto(url + "/suche?q=Gemarkung")
    assert BETREFF in page.locator("ol.treffer").inner_text()
    page.goto(url + f"/entwurf/{CLOSED}")
    assert "Final und archiviert" in page.locator("#status").inner_text()
    for path in (f"/entwurf/{CLOSED}/final.pdf", f"/entwurf/{CLOSED}/entwurf.pdf",
                 f"/entwurf/{CLOSED}/anlage/1"):
        answer = fetch(context, url, "GET", path)
        assert answer.status == 200 and answer.body().startswith(b"%PDF"), path
    closed_files = [fetch(context, url, "GET", f"/sitzung/{SESSION}/datei/{f}").status
                    for f in ("Tagesordnung.pdf", "Sitzungsmappe.pdf")]
    assert closed_files == ([200, 200] if name == "sd" else [404, 404])
    page.goto(url + f"/sitzung/{SESSION}")
    assert BETREFF in page.locator("table.liste").inner_text()


def test_admin_alone_sees_no_content(built, chromium):
    root, url = built
    context = context_of(chromium, url, "root")
    page = context.new_page()
    page.goto(url + "/")
    assert page.locator("h1").inner_text() != "Entwürfe"
    for path in ("/", "/sitzungen", f"/entwurf/{CLOSED}", f"/entwurf/{CLOSED}/final.pdf"):
        assert fetch(context, url, "GET", path).status == 404, path
    page.goto(url + "/konten")
    assert re.search(r"\banna\b", page.locator("table.liste").inner_text())


def test_a_public_final_with_a_closed_anlage_reaches_others_as_its_public_copy(built, chromium):
    root, url = built
    from helpers import pdf_text

    others = context_of(chromium, url, "anna")
    page = others.new_page()
    page.goto(url + f"/entwurf/{PUBLIC_WITH_CLOSED}")
    shown = page.content()
    assert "Festlegung der Schwerpunktziele" in shown and "Internes Gutachten" not in shown
    assert "wertgutachten" not in shown and page.locator("#formular").count() == 0
    base = f"/entwurf/{PUBLIC_WITH_CLOSED}"
    copy = fetch(others, url, "GET", base + "/oeffentlich.pdf")
    assert copy.status == 200
    (root / "kopie.pdf").write_bytes(copy.body())
    text = pdf_text(root / "kopie.pdf")
    assert "Festlegung der Schwerpunktziele" in text and "Beispielfeld" not in text
    csrf = csrf_of(others, url)
    for method, path in (("GET", base + "/final.pdf"), ("GET", base + "/anlage/1"),
                         ("GET", base + "/entwurf.pdf")):
        assert fetch(others, url, method, path).status == 404, path
    for path in ("/api/vorschau", "/api/pruefen"):
        answer = others.request.post(url + path, headers={"X-CSRF-Token": csrf, "Origin": url},
                                     data={"name": PUBLIC_WITH_CLOSED, "data": {}})
        assert answer.status == 404 and "Gutachten" not in answer.text(), path
    own = context_of(chromium, url, "bea")  # the Referat's own: everything
    assert fetch(own, url, "GET", base + "/final.pdf").status == 200
    assert fetch(own, url, "GET", base + "/anlage/1").status == 200
    page = own.new_page()
    page.goto(url + base)
    assert "Internes Gutachten Zielwerte" in page.locator("ul.dateien").inner_text()
