"""Results recorded in session files, read along each Vorlage's Beratungsfolge."""

import json

from closed_session import SESSION
from helpers import run

from pipeline.sitzung import candidates, load_session
from pipeline.sitzung.results import beratungsstand, next_step, session_results

PUT_OFF = SESSION.replace("      - vorlage: drafts/turnhalle.yaml\n",
                          "      - vorlage: drafts/turnhalle.yaml\n"
                          "        ergebnis: vertagt\n")
NEXT = SESSION.split("oeffentlicher_teil:")[0].replace("03.09.2020", "17.09.2020") + \
    "oeffentlicher_teil:\n  - titel: Eröffnung\n"


def _write(project, name: str, text: str):
    path = project.root / "sitzungen" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_vertagt_top_is_a_candidate_for_the_gremium_s_next_session(session_project):
    project = session_project
    turnhalle = project.drafts_dir / "turnhalle.yaml"
    later = load_session(_write(project, "rat2.yaml", NEXT), project)
    assert candidates(later, [turnhalle], project) == []  # planned for 03.09. only
    _write(project, "rat.yaml", PUT_OFF)
    found = candidates(later, [turnhalle], project)
    assert [(c.path, c.vertagt_am and f"{c.vertagt_am:%d.%m.}") for c in found] == [
        (turnhalle, "03.09.")]
    # On the next agenda it is expected, with the deadline of that session.
    _write(project, "rat2.yaml", NEXT + "  - vorlage: drafts/turnhalle.yaml\n")
    result = run(["sitzung", "status", "sitzungen/rat2.yaml", "--json"], project.root)
    rows = {r["top"]: r for r in json.loads(result.stdout)}
    assert "keine Beratung" not in result.stderr
    assert rows["Ö 2"]["hinweis"].startswith("vertagt in der Sitzung vom 03.09.2020")
    assert rows["Ö 2"]["beratungsstand"] == "in Beratung"


def test_the_beratungsfolge_ends_with_the_deciding_body_s_result(session_project):
    project = session_project
    turnhalle = project.drafts_dir / "turnhalle.yaml"
    draft = load_session(project.root / "sitzungen" / "rat.yaml", project).tops[3] \
        .checked.draft
    assert beratungsstand(draft, []) == "in Beratung"
    _write(project, "rat.yaml", PUT_OFF)
    recorded = session_results(project, None)[turnhalle.resolve()]
    assert [(r.datum.isoformat(), r.ergebnis.status) for r in recorded] == [
        ("2020-09-03", "vertagt")]
    assert beratungsstand(draft, recorded) == "in Beratung"
    assert next_step(draft, recorded).gremium == "Rat der Stadt Bielefeld"
    _write(project, "rat2.yaml", NEXT + "  - vorlage: drafts/turnhalle.yaml\n"
                                        "    ergebnis: {status: beschlossen, abstimmung: "
                                        "einstimmig}\n")
    recorded = session_results(project, None)[turnhalle.resolve()]
    assert beratungsstand(draft, recorded) == "Beratungsfolge beendet"
    assert next_step(draft, recorded) is None
    result = run(["sitzung", "status", "sitzungen/rat2.yaml", "--json"], project.root)
    row = json.loads(result.stdout)[1]
    assert (row["ergebnis"], row["beratungsstand"]) == ("beschlossen (einstimmig)",
                                                        "Beratungsfolge beendet")


def test_a_session_file_that_does_not_read_records_nothing(session_project):
    project = session_project
    _write(project, "rat.yaml", PUT_OFF.replace("uhrzeit:", "uhrzeit: [kaputt]\nx:"))
    assert session_results(project, None) == {}
