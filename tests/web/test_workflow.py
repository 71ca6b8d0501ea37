"""The way of a Vorlage in the browser's requests (`workflow: ja`), through Flask's test
client against the real register, audit trail and build: refused transitions, hand-edited
sign-offs, the CLI's part, Vertretung, follow-ups."""

import pytest

from helpers import run


def _workflow_app(tmp_path):
    import re

    from pipeline.project import Project
    from pipeline.web import create_app
    from workflow_project import PASSWORD, make_workflow_project

    root = make_workflow_project(tmp_path / "weg")
    app = create_app(Project.find(root))

    def client(name):
        c = app.test_client()
        page = c.get("/anmelden").text
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        c.post("/anmelden", data={"token": token, "name": name, "passwort": PASSWORD})
        c.csrf = re.search(r'name="csrf" content="([^"]+)"', c.get("/aufgaben").text).group(1)
        return c
    return root, app, client


def _act(c, action, **form):
    from workflow_project import DRAFT

    return c.post(f"/entwurf/{DRAFT}/aktion", data={"csrf": c.csrf, "aktion": action, **form})


def _stored(root) -> tuple:
    """Everything a transition could change: the draft, the workflow rows, the audit rows."""
    import sqlite3

    from workflow_project import DRAFT

    with sqlite3.connect(root / "output" / "register.sqlite") as db:
        rows = (db.execute("SELECT * FROM vorgaenge").fetchall(),
                db.execute("SELECT * FROM zeichnungen").fetchall())
    with sqlite3.connect(root / "protokoll.sqlite") as db:
        audit = db.execute("SELECT COUNT(*) FROM eintraege").fetchone()
    return (root / "drafts" / DRAFT).read_bytes(), rows, audit


# (who, action, form, the steps before it): each is refused where it stands.
FORBIDDEN = [
    ("kae", "anfordern", {}, []),                              # not the Amt's
    ("kae", "mitzeichnen", {"ergebnis": "erteilt"}, []),      # nothing requested yet
    ("sb", "mitzeichnen", {"ergebnis": "erteilt"}, ["anfordern"]),  # not the Kämmerei
    ("sb", "stellungnahme", {"kommentar": "x"}, ["anfordern"]),     # not the Stelle
    ("sb", "freigabe_anfordern", {}, ["anfordern"]),          # the Kämmerei has not signed
    ("sb", "freigeben", {}, ["anfordern"]),                   # not in Freigabe, not Amtsleitung
    ("kae", "zurueckgeben", {"kommentar": "Formfehler"}, []),  # nothing to return
    ("kae", "zurueckziehen", {"kommentar": "x"}, []),          # not the Amt's
    ("sb", "wiederaufnehmen", {}, []),                         # not withdrawn
    ("sb", "finalisieren", {}, []),                            # not the Sitzungsdienst
    ("sd", "finalisieren", {}, ["anfordern"]),                 # not released
    ("kae", "mitzeichnen", {"ergebnis": "verweigert"}, ["anfordern"]),  # a refusal needs words
]


@pytest.mark.parametrize("who, action, form, before", FORBIDDEN,
                         ids=[f"{w}-{a}-{i}" for i, (w, a, _, _) in enumerate(FORBIDDEN)])
def test_a_forbidden_transition_is_403_and_changes_nothing(tmp_path, who, action, form,
                                                            before):
    root, app, client = _workflow_app(tmp_path)
    sb = client("sb")
    for step in before:
        assert _act(sb, step).status_code == 303
    user = client(who)
    stored = _stored(root)
    answer = _act(user, action, **form)
    assert answer.status_code == 403, answer.text[:300]
    assert "nicht möglich" in answer.text
    assert _stored(root) == stored
    app.extensions["vorlage"].converter.close()


def test_a_hand_edited_signoff_in_the_yaml_counts_for_nothing(tmp_path):
    """`status: erteilt` typed into the YAML: the server's state and the printed block still
    say the Kämmerei has not signed, and `build --final` refuses."""
    from helpers import pdf_text
    from workflow_project import DRAFT

    root, app, client = _workflow_app(tmp_path)
    path = root / "drafts" / DRAFT
    path.write_text(path.read_text(encoding="utf-8") + (
        "mitzeichnung:\n  - stelle: Kämmerei\n    status: erteilt\n    name: Niemand\n"
        "    datum: 01.02.2024\n"), encoding="utf-8")
    sb = client("sb")
    assert _act(sb, "anfordern").status_code == 303
    page = sb.get(f"/entwurf/{DRAFT}").text
    panel = page.split('id="zeichnungen"')[1].split("</table>")[0]
    assert "in Mitzeichnung" in page and "Niemand" not in panel and "offen" in panel
    assert "freigabe_anfordern" not in page  # the Kämmerei has not signed on the server
    built = run(["build", f"drafts/{DRAFT}"], root)
    assert built.returncode == 0, built.stderr
    text = pdf_text(next((root / "output").glob("*.pdf")))
    assert "Niemand" not in text and "offen" in text
    refused = run(["build", "--final", "--by", "sd", f"drafts/{DRAFT}"], root)
    assert refused.returncode == 1 and "nicht freigegeben" in refused.stderr
    assert "Traceback" not in refused.stderr
    app.extensions["vorlage"].converter.close()


def test_with_the_workflow_the_cli_acts_only_for_the_sitzungsdienst(tmp_path):
    from workflow_project import DRAFT

    root, app, _ = _workflow_app(tmp_path)
    app.extensions["vorlage"].converter.close()
    for args, message in (
            (["build", "--final", f"drafts/{DRAFT}"], "braucht build --final --by KONTO"),
            (["build", "--final", "--by", "sb", f"drafts/{DRAFT}"], "Rolle sitzungsdienst"),
            (["build", "--final", "--by", "niemand", f"drafts/{DRAFT}"], "kein aktives Konto"),
            (["number", "assign", "--by", "kae", f"drafts/{DRAFT}"], "Rolle sitzungsdienst"),
            (["build", "--final", "--by", "sd", f"drafts/{DRAFT}"],
             "Die Vorlage ist Entwurf, nicht freigegeben")):
        result = run(args, root)
        assert result.returncode == 1 and message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert not (root / "output" / "archiv").exists() or not any(
        (root / "output" / "archiv").rglob("*.pdf"))


def test_a_deputy_signs_i_v_and_it_is_printed(tmp_path):
    """Karl names Vera (a colleague without a Mitzeichnung role) as his deputy: she reads the
    draft, signs for the Kämmerei "i. V.", and the printed block and the audit say so."""
    from datetime import date, timedelta

    from helpers import pdf_text
    from workflow_project import DRAFT, PASSWORD

    root, app, client = _workflow_app(tmp_path)
    from pipeline.accounts import Accounts, Role
    from pipeline.project import Project

    project = Project.find(root)
    with Accounts(project.accounts_path) as accounts:
        accounts.add("vera", (Role("sachbearbeitung", "20"),), PASSWORD, "Vera Vogt")
    vera = client("vera")
    sb = client("sb")
    assert _act(sb, "anfordern").status_code == 303
    assert vera.get(f"/entwurf/{DRAFT}").status_code == 404  # not hers, yet
    kae = client("kae")
    today = date.today()
    answer = kae.post("/vertretung", data={"csrf": kae.csrf, "vertreter": "vera",
                                          "von": f"{today - timedelta(days=1)}",
                                          "bis": f"{today + timedelta(days=7)}"})
    assert "Vertretung gespeichert" in answer.text
    assert vera.get(f"/entwurf/{DRAFT}").status_code == 200
    assert _act(vera, "mitzeichnen", ergebnis="erteilt").status_code == 303
    page = sb.get(f"/entwurf/{DRAFT}").text
    assert "i. V. Vera Vogt" in page and "mitgezeichnet" in page
    built = run(["build", f"drafts/{DRAFT}"], root)
    assert built.returncode == 0, built.stderr
    text = " ".join(pdf_text(next((root / "output").glob("*.pdf"))).split())
    assert "Kämmerei erteilt i. V. Vera Vogt" in text
    exported = run(["audit", "export", "--als", "sd", "--format", "json"], root).stdout
    assert '"fuer": "kae"' in exported  # the audit names whom she stood in for
    app.extensions["vorlage"].converter.close()


def test_a_follow_up_starts_afresh_with_the_old_signoffs_as_history(tmp_path):
    from datetime import date

    from workflow_project import DRAFT

    root, app, client = _workflow_app(tmp_path)
    sb, kae, al, sd = (client(n) for n in ("sb", "kae", "al", "sd"))
    for who, action in ((sb, "anfordern"), (kae, "mitzeichnen"), (sb, "freigabe_anfordern"),
                        (al, "freigeben"), (sd, "finalisieren")):
        assert _act(who, action).status_code == 303, action
    assert "Final und archiviert" in sb.get(f"/entwurf/{DRAFT}").text
    refused = run(["amend", "1/2020-2025", "--art", "Ergänzungsvorlage"], root)
    assert refused.returncode == 1 and "braucht amend --by" in refused.stderr
    answer = sb.post(f"/entwurf/{DRAFT}/amend", data={"csrf": sb.csrf,
                                                     "art": "Ergänzungsvorlage"})
    assert answer.status_code == 302
    new = answer.headers["Location"].split("/entwurf/")[1]
    text = (root / "drafts" / new).read_text(encoding="utf-8")
    assert f"datum: {date.today():%d.%m.%Y}" in text
    page = sb.get(f"/entwurf/{new}").text
    panel = page.split('id="zeichnungen"')[1].split("</table>")[0]
    assert "Entwurf" in page and "Karl" not in panel and "offen" in panel
    history = sb.get(f"/entwurf/{new}/verlauf").text
    assert "Zeichnungen der ursprünglichen Vorlage 1/2020-2025" in history
    assert "kae" in history.split('id="fruehere-zeichnungen"')[1]
    app.extensions["vorlage"].converter.close()
