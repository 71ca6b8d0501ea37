"""The rules of the way, on the engine itself: a refusal over which only the Verwaltungsleitung
releases, what a change outside a scope leaves alone, the printed block, final refusals."""

import pytest

from helpers import pdf_text, run
from workflow_project import DRAFT, make_workflow_project


@pytest.fixture
def way(tmp_path):
    from pipeline.accounts import Accounts, Role
    from pipeline.check import check_file
    from pipeline.project import Project
    from pipeline.records import AuditTrail, Register
    from pipeline.workflow import Workflow

    root = make_workflow_project(tmp_path / "weg")
    project = Project.find(root)
    with Accounts(project.accounts_path) as accounts:
        accounts.add("vl", (Role("verwaltungsleitung"),), "Spitze-Passwort-1", "Vera Leitung")
        people = {u.name: u for u in accounts.users()}
    register = Register(project.register_path)
    audit = AuditTrail(project.audit_path)
    flow = Workflow(project, register, audit)

    def checked():
        return check_file(root / "drafts" / DRAFT, project)
    yield flow, people, checked, root
    register.close()
    audit.close()


def test_over_a_refusal_only_the_verwaltungsleitung_releases(way):
    from pipeline.workflow import Refused, printed_signoffs

    flow, people, checked, _ = way
    flow.act(people["sb"], "anfordern", checked())
    with pytest.raises(Refused, match="Kommentar"):
        flow.act(people["kae"], "mitzeichnen", checked(), ergebnis="verweigert")
    flow.act(people["kae"], "mitzeichnen", checked(), ergebnis="verweigert",
             kommentar="Nicht gedeckt")
    assert flow.vorgang(checked()).state == "in_mitzeichnung"
    flow.act(people["sb"], "freigabe_anfordern", checked())
    chain = [s.stelle for s in flow.vorgang(checked()).chain]
    assert chain == ["amtsleitung", "verwaltungsleitung"]
    flow.act(people["al"], "freigeben", checked())
    with pytest.raises(Refused):
        flow.act(people["al"], "freigeben", checked())  # the next step is not his
    flow.act(people["vl"], "freigeben", checked())
    vorgang = flow.vorgang(checked())
    assert vorgang.state == "freigegeben"
    printed = {m.stelle: m for m in printed_signoffs(vorgang)}
    assert printed["Kämmerei"].status == "verweigert"  # the refusal stays printed
    assert printed["Kämmerei"].hinweis == "Nicht gedeckt"
    assert printed["Freigabe Verwaltungsleitung"].name == "Vera Leitung"


def test_a_change_outside_the_scope_keeps_the_kaemmerei_but_not_the_release(way):
    from pipeline.check import check_file

    flow, people, checked, root = way
    flow.act(people["sb"], "anfordern", checked())
    flow.act(people["kae"], "mitzeichnen", checked())
    flow.act(people["sb"], "freigabe_anfordern", checked())
    flow.act(people["al"], "freigeben", checked())
    old = checked()
    path = root / "drafts" / DRAFT
    path.write_text(path.read_text(encoding="utf-8").replace("marode", "baufällig"),
                    encoding="utf-8")  # the Begründung: not the Kämmerei's scope
    new = check_file(path, flow.project)
    assert flow.resets(old, new) == ["Freigabe (Amtsleitung) zurückgesetzt: Begründung geändert"]
    flow.saved(people["sb"], old, new, "diff")
    vorgang = flow.vorgang(checked())
    assert vorgang.state == "in_freigabe"
    assert vorgang.signing()[0].signoff is not None and vorgang.chain[0].signoff is None


def test_a_change_by_hand_after_the_release_stops_the_final(way):
    flow, people, checked, root = way
    for who, action in (("sb", "anfordern"), ("kae", "mitzeichnen"),
                        ("sb", "freigabe_anfordern"), ("al", "freigeben")):
        flow.act(people[who], action, checked())
    assert flow.refusal(checked()) is None
    path = root / "drafts" / DRAFT
    path.write_text(path.read_text(encoding="utf-8").replace("100000", "900000"),
                    encoding="utf-8")
    assert "nach der Freigabe geändert" in flow.refusal(checked())
    refused = run(["build", "--final", "--by", "sd", f"drafts/{DRAFT}"], root)
    assert refused.returncode == 1 and "nach der Freigabe geändert" in refused.stderr


def test_stellungnahme_and_release_appear_in_the_built_pdf(way):
    flow, people, checked, root = way
    flow.act(people["sb"], "anfordern", checked())
    flow.act(people["gs"], "stellungnahme", checked(), kommentar="Barrierefrei planen.")
    built = run(["build", f"drafts/{DRAFT}"], root)
    assert built.returncode == 0, built.stderr
    text = " ".join(pdf_text(next((root / "output").glob("*.pdf"))).split())
    assert "Gleichstellungsstelle Stellungnahme Gerda Gleich" in text
    assert "Barrierefrei planen." in text and "Kämmerei offen" in text
