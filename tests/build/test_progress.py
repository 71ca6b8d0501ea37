"""What a batch prints: one plain line per Vorlage when not on a terminal, then a summary."""

import io
import json
from pathlib import Path

from pipeline.build import BatchResult, Display, Outcome, Status, write_report
from pipeline.errors import Problem


def test_plain_lines_and_summary_off_a_terminal(capsys):
    stream = io.StringIO()
    display = Display(2, stream=stream)
    assert not display.tty
    built = Outcome(Path("drafts/a.yaml"), Status.GEBAUT, Path("out/a.pdf"), "2024/0001",
                    seconds=0.42, pages=3)
    failed = Outcome(Path("drafts/b.yaml"), Status.FEHLER,
                     problems=[Problem("drafts/b.yaml", 2, 5, "datum", "kein Datum")])
    display.start(built.path)
    display.done(built)
    display.done(failed)
    display.summary(BatchResult([built, failed], 3.21, 2, restarts=1))
    out, err = capsys.readouterr()
    assert out == "[1/2] gebaut drafts/a.yaml: 2024/0001 -> out/a.pdf (3 S., 0.4 s)\n"
    assert err == "drafts/b.yaml:2:5: datum: kein Datum\n"
    summary = stream.getvalue()
    assert "Zusammenfassung: 1 gebaut, 0 unverändert, 1 fehlgeschlagen in 3.2 s " \
           "(2 LibreOffice-Instanz(en), 1 Neustart(s))" in summary
    assert "Fehlgeschlagen:\n  drafts/b.yaml: drafts/b.yaml:2:5: datum: kein Datum" in summary


def test_report_file(tmp_path):
    result = BatchResult([Outcome(Path("a.yaml"), Status.GEBAUT, Path("a.pdf"), "1")], 1, 1)
    write_report(result, tmp_path / "bericht.json")
    assert json.loads((tmp_path / "bericht.json").read_text(encoding="utf-8")) == \
        result.as_dict()
