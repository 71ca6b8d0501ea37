"""Outcomes and the `--report` JSON: keys and words scripts of the session office rely on."""

from pathlib import Path

from pipeline.build import BatchResult, Outcome, Status
from pipeline.errors import Problem


def test_status_words_are_the_ones_printed():
    assert [str(s) for s in Status] == ["gebaut", "unverändert", "fehler", "nummeriert"]
    assert f"{Status.UNVERAENDERT}" == "unverändert"


def test_report_keeps_its_keys_and_words():
    built = Outcome(Path("drafts/a.yaml"), Status.GEBAUT, Path("output/a-ENTWURF.pdf"),
                    "2024/XXXX", [Problem("drafts/a.yaml", 3, 1, "x", "lang", "warning")],
                    1.23456, 4)
    failed = Outcome(Path("drafts/b.yaml"), Status.FEHLER,
                     problems=[Problem("drafts/b.yaml", 2, 5, "datum", "kein Datum")])
    same = Outcome(Path("drafts/c.yaml"), Status.UNVERAENDERT, Path("output/c.pdf"), "1")
    report = BatchResult([built, failed, same], 9.87654, 2, restarts=1).as_dict()
    assert report == {
        "gebaut": 1, "unveraendert": 1, "fehlgeschlagen": 1, "sekunden": 9.877,
        "libreoffice_instanzen": 2, "libreoffice_neustarts": 1, "vorlagen": [
            {"entwurf": "drafts/a.yaml", "status": "gebaut", "nummer": "2024/XXXX",
             "pdf": "output/a-ENTWURF.pdf", "seiten": 4, "sekunden": 1.235, "fehler": [],
             "warnungen": ["drafts/a.yaml:3:1: x: Warnung: lang"]},
            {"entwurf": "drafts/b.yaml", "status": "fehler", "nummer": None, "pdf": None,
             "seiten": 0, "sekunden": 0.0,
             "fehler": ["drafts/b.yaml:2:5: datum: kein Datum"], "warnungen": []},
            {"entwurf": "drafts/c.yaml", "status": "unverändert", "nummer": "1",
             "pdf": "output/c.pdf", "seiten": 0, "sekunden": 0.0, "fehler": [],
             "warnungen": []}]}
    assert BatchResult([built, failed], 1, 1).failed == [failed]
