"""`vorlage sitzung status`: each TOP against the deadline."""

import json
import sqlite3

from helpers import run


def test_status_flags_drafts_and_late_finals(session_project):
    root = session_project.root
    assert run(["build", "--final", "drafts/turnhalle.yaml", "drafts/grundstueck.yaml"],
               root).returncode == 0
    with sqlite3.connect(session_project.register_path) as db:
        db.execute("UPDATE nummern SET vergeben = '2020-08-10T09:00:00+00:00' "
                   "WHERE entwurf = 'drafts/turnhalle.yaml'")
        db.execute("UPDATE nummern SET vergeben = '2020-09-01T16:30:00+00:00' "
                   "WHERE entwurf = 'drafts/grundstueck.yaml'")
    result = run(["sitzung", "status", "--json", "sitzungen/rat.yaml"], root)
    assert result.returncode == 1

    rows = {r["top"]: r for r in json.loads(result.stdout)}
    assert rows["Ö 2.2"]["status"] == "ok" and rows["Ö 2.2"]["final"]
    assert rows["Ö 3"]["status"] == "entwurf"
    assert rows["N 1"]["status"] == "tischvorlage"
    assert rows["N 1"]["frist"] == "13.08.2020"  # 21 days before the Rat (house style)
    assert rows["Ö 1"]["status"] == "ohne Vorlage"
    table = run(["sitzung", "status", "sitzungen/rat.yaml"], root)
    assert "tischvorlage" in table.stdout and "entwurf" in table.stdout
