"""Beschlussverfolgung: which results are decisions to carry out, with which Amt and due
date, listed by `vorlage beschluesse` and updated by `vorlage beschluesse vermerk`."""

import csv
import io
import json
from datetime import date

from closed_session import SESSION_RESULTS
from helpers import run

from pipeline.records import Register
from pipeline.sitzung import all_decisions, as_csv, record_progress, select
from pipeline.sitzung.decisions import add_months

BUNDLED = "bielefeld-rat-2020-09-03"


def _listed(root, *args) -> list[dict]:
    result = run(["beschluesse", "--json", *args], root)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_bundled_session_s_decisions_are_listed_and_fall_due(project_root):
    found = {d["kennung"]: d for d in _listed(project_root)}
    kim = found[f"{BUNDLED}/Ö4"]
    assert kim["gremium"] == "Rat der Stadt Bielefeld" and kim["top"] == "Ö 4"
    assert kim["amt"] == "54" and kim["frist"] == "2021-03-31"  # as the session file says
    assert kim["status"] == "offen" and kim["oeffentlich"] is True
    assert kim["beschluss"].startswith("Der Integrationsrat")  # decided as proposed
    closed = found[f"{BUNDLED}/N2"]
    assert closed["oeffentlich"] is False and closed["amt"] == "23"  # the Vorlage's Amt
    assert closed["frist"] == "2021-03-03"  # six months after the session
    before = {d["kennung"]: d for d in _listed(project_root, "--stichtag", "31.03.2021")}
    after = {d["kennung"]: d for d in _listed(project_root, "--stichtag", "01.04.2021")}
    assert before[kim["kennung"]]["ueberfaellig"] is False
    assert after[kim["kennung"]]["ueberfaellig"] is True
    overdue = _listed(project_root, "--ueberfaellig", "--stichtag", "01.04.2021", "--amt", "54")
    assert [d["kennung"] for d in overdue] == [kim["kennung"]]
    # Done is never overdue; a later due date set by the Sitzungsdienst counts from then on.
    done = run(["beschluesse", "vermerk", f"{BUNDLED}/Ö 4", "--status", "erledigt",
                "--text", "Handlungsprogramm beschlossen", "--datum", "15.03.2021"],
               project_root)
    assert done.returncode == 0, done.stderr
    moved = run(["beschluesse", "vermerk", f"{BUNDLED}/N2", "--frist", "30.06.2030"],
                project_root)
    assert moved.returncode == 0, moved.stderr
    now = {d["kennung"]: d for d in _listed(project_root)}
    assert now[kim["kennung"]]["status"] == "erledigt"
    assert now[kim["kennung"]]["ueberfaellig"] is False
    assert [(n["datum"], n["text"], n["status"]) for n in now[kim["kennung"]]["vermerke"]] == [
        ("2021-03-15", "Handlungsprogramm beschlossen", "erledigt")]
    assert now[closed["kennung"]]["frist"] == "2030-06-30"
    assert not now[closed["kennung"]]["ueberfaellig"]
    assert _listed(project_root, "--ueberfaellig") == []


def test_only_the_deciding_body_s_decisions_are_tracked_unless_the_file_says(session_project):
    project = session_project
    path = project.root / "sitzungen" / "rat.yaml"
    text = SESSION_RESULTS.replace("ergebnis: vertagt", "ergebnis: beschlossen")
    # A TOP without a Vorlage is tracked when its umsetzung names the Amt.
    text = text.replace("  - titel: Eröffnung\n", "  - titel: Eröffnung\n"
                        "  - titel: Antrag der Fraktion A\n"
                        "    ergebnis: {status: beschlossen, umsetzung: {amt: Amt für Tests, "
                        "frist: 01.02.2021}}\n")
    path.write_text(text, encoding="utf-8")
    with Register(project.register_path) as register:
        found = all_decisions(project, register)
    assert found.skipped == []
    by_top = {d.top: d for d in found.decisions}
    # KIM's Beratungsfolge has the Rat deciding: tracked; the Turnhalle likewise; the closed
    # one was "geändert beschlossen": tracked, with its decided wording.
    assert set(by_top) == {"Ö 2", "Ö 3.2", "Ö 4", "N 1"}
    assert by_top["Ö 2"].frist == date(2021, 2, 1) and by_top["Ö 2"].amt == "amt für tests"
    assert by_top["N 1"].beschluss == "Der Rat stimmt dem Verkauf an den zweiten Bieter zu."
    assert not by_top["N 1"].oeffentlich
    # `umsetzung: nein` leaves a decision out; a Vorberatung's recommendation is none.
    path.write_text(text.replace("ergebnis: {status: beschlossen, abstimmung: {ja: 2}}",
                                 "ergebnis: {status: beschlossen, abstimmung: {ja: 2}, "
                                 "umsetzung: nein}"), encoding="utf-8")
    with Register(project.register_path) as register:
        assert "Ö 3.2" not in {d.top for d in all_decisions(project, register).decisions}
    kim = project.drafts_dir / "bielefeld-kim.yaml"
    kim.write_text(kim.read_text(encoding="utf-8").replace(
        "  - gremium: Rat der Stadt Bielefeld\n    sitzung: \"03.09.2020\"\n    oeffentlich: ja\n"
        "    zustaendigkeit: Entscheidung",
        "  - gremium: Rat der Stadt Bielefeld\n    sitzung: \"03.09.2020\"\n    oeffentlich: ja\n"
        "    zustaendigkeit: Vorberatung\n  - gremium: Integrationsrat\n"
        "    sitzung: \"01.10.2020\"\n    zustaendigkeit: Entscheidung"), encoding="utf-8")
    with Register(project.register_path) as register:
        assert "Ö 4" not in {d.top for d in all_decisions(project, register).decisions}


def test_umsetzung_mistakes_are_refused_at_their_line(project_root):
    path = project_root / "sitzungen" / f"{BUNDLED}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("umsetzung: {frist: 31.03.2021}",
                                 "umsetzung: {amt: Bauamt, frist: 31.03.2021}")
                    .replace("  - titel: Anfragen\n", "  - titel: Anfragen\n"
                             "    ergebnis: {status: beschlossen, umsetzung: ja}\n"),
                    encoding="utf-8")
    line = 1 + path.read_text(encoding="utf-8").split("Bauamt")[0].count("\n")
    result = run(["sitzung", "status", f"sitzungen/{BUNDLED}.yaml"], project_root)
    assert result.returncode == 1
    assert f"{BUNDLED}.yaml:{line}:" in result.stderr and "Bauamt" in result.stderr
    assert "Ämterliste" in result.stderr
    assert "braucht das zuständige Amt" in result.stderr
    assert "Traceback" not in result.stderr
    listed = run(["beschluesse"], project_root)  # listed, with the mistakes beside them
    assert listed.returncode == 1 and "Bauamt" in listed.stderr
    assert f"{BUNDLED}/Ö4" in listed.stdout


def test_progress_is_kept_per_person_and_only_the_sitzungsdienst_reassigns(project_root):
    from pipeline.accounts import Accounts
    from pipeline.errors import UserError
    from pipeline.project import Project

    project = Project.find(project_root)
    with Accounts(project.accounts_path) as accounts:
        ben, anna, sd = (accounts.user(n) for n in ("ben", "anna", "sd"))
    kennung = f"{BUNDLED}/N2"
    with Register(project.register_path) as register:
        for who, kwargs, expected in (
                (anna, {"text": "gelesen"}, "nicht gefunden"),  # closed, not hers
                (ben, {"amt": "53"}, "nur der Sitzungsdienst"),
                (ben, {}, "nichts einzutragen")):
            try:
                record_progress(project, register, kennung, who.name, acting=who, **kwargs)
            except UserError as exc:
                assert expected in exc.problems[0].message
            else:
                raise AssertionError(f"{who.name} {kwargs} was not refused")
        d, change = record_progress(project, register, kennung, "ben", acting=ben,
                                    status="in Arbeit", text="Notarvertrag in Vorbereitung",
                                    anzeigename="Ben Roth")
        assert change == {"status": "in Arbeit", "text": "Notarvertrag in Vorbereitung"}
        d, _ = record_progress(project, register, kennung, "sd", acting=sd, amt="53",
                               frist=date(2021, 6, 30))
        assert (d.amt, d.frist, d.status) == ("53", date(2021, 6, 30), "in Arbeit")
        assert [(n.anzeigename, n.text) for n in d.vermerke] == [
            ("Ben Roth", "Notarvertrag in Vorbereitung"),
            ("sd", "an 53 Amt für Integration abgegeben; Frist 30.06.2021")]
        # Now the Amt für Integration's to update, no longer the Immobilienservicebetrieb's.
        record_progress(project, register, kennung, "anna", acting=anna, text="übernommen")
        try:
            record_progress(project, register, kennung, "ben", acting=ben, text="noch da?")
        except UserError as exc:
            assert "nicht" in exc.problems[0].message
        else:
            raise AssertionError("the former Amt could still update the decision")
        decisions = all_decisions(project, register).decisions
    assert [d.kennung for d in select(decisions, project, date(2022, 1, 1), "53")] == [kennung]


def test_the_csv_is_for_german_spreadsheets_and_keeps_formulas_out(project_root):
    from pipeline.project import Project

    project = Project.find(project_root)
    path = project_root / "sitzungen" / f"{BUNDLED}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  - titel: Anfragen\n", "  - titel: \"=HYPERLINK(\\\"http://x\\\")\"\n"
                                 "    ergebnis: {status: beschlossen, umsetzung: {amt: \"20\"}}\n"),
        encoding="utf-8")
    with Register(project.register_path) as register:
        decisions = all_decisions(project, register).decisions
    rows = list(csv.reader(io.StringIO(as_csv(decisions, project, date(2021, 4, 1))),
                           delimiter=";"))
    assert rows[0][:4] == ["Kennung", "Gremium", "Sitzung", "TOP"]
    by_top = {r[3]: r for r in rows[1:]}
    assert by_top["Ö 4"][2] == "03.09.2020" and by_top["Ö 4"][8] == "31.03.2021"
    assert by_top["Ö 4"][10] == "ja"  # überfällig on 01.04.2021
    assert by_top["Ö 5"][5].startswith("'=")


def test_months_are_added_as_a_calendar_does():
    assert add_months(date(2020, 8, 31), 6) == date(2021, 2, 28)
    assert add_months(date(2020, 9, 3), 6) == date(2021, 3, 3)
    assert add_months(date(2020, 11, 15), 14) == date(2022, 1, 15)


def test_progress_stays_with_its_decision_when_the_agenda_is_renumbered(project_root):
    path = project_root / "sitzungen" / f"{BUNDLED}.yaml"
    done = run(["beschluesse", "vermerk", f"{BUNDLED}/Ö4", "--status", "erledigt"],
               project_root)
    assert done.returncode == 0, done.stderr
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - vorlage: drafts/bielefeld-kim.yaml\n",
                                 "  - titel: Antrag der Fraktion A\n"
                                 "    ergebnis: {status: beschlossen, umsetzung: {amt: \"20\"}}\n"
                                 "  - vorlage: drafts/bielefeld-kim.yaml\n"), encoding="utf-8")
    found = {d["kennung"]: d for d in _listed(project_root)}
    assert found[f"{BUNDLED}/Ö5"]["status"] == "erledigt"  # the Vorlage, now Ö 5
    assert found[f"{BUNDLED}/Ö4"]["status"] == "offen"     # the new TOP takes nothing over
    assert found[f"{BUNDLED}/Ö4"]["vermerke"] == []


def test_the_sitzungsdienst_moving_the_amt_keeps_the_due_date_as_it_was(project_root):
    from pipeline.project import Project

    project = Project.find(project_root)
    with Register(project.register_path) as register:
        (kim,) = [d for d in all_decisions(project, register).decisions if d.top == "Ö 4"]
        d, change = record_progress(project, register, kim.kennung, "sd", amt="20",
                                    frist=kim.frist)  # the form sends the date it showed
    assert change == {"amt": "20"} and d.frist == kim.frist
