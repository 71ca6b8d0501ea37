"""Copies of Vorlagen for packets and publication: as the register has them, closed Anlagen
left out of public copies, and no number given out."""

import pytest

from closed_session import MARKER_ANLAGE, MARKER_TITEL, all_bytes
from helpers import pdf_text
from pipeline.errors import UserError
from pipeline.records import Register
from pipeline.sitzung import build_copies


def test_public_copies_hold_no_closed_anlage(session_project, converter, tmp_path):
    drafts = session_project.drafts_dir
    copies = build_copies(session_project, [drafts / "turnhalle.yaml"], tmp_path / "oeff",
                          converter, public=True)
    pdf = copies[(drafts / "turnhalle.yaml").resolve()]
    text = pdf_text(pdf)
    assert "Lageplan der Turnhalle" in text and "Kostenschaetzung" in text
    for marker in (MARKER_ANLAGE, MARKER_TITEL):
        assert marker not in text and marker.encode() not in all_bytes(pdf)
    members = build_copies(session_project, [drafts / "turnhalle.yaml"], tmp_path / "intern",
                           converter, public=False)
    assert MARKER_ANLAGE in pdf_text(members[(drafts / "turnhalle.yaml").resolve()])
    with Register(session_project.register_path) as register:
        assert register.entries() == []  # copies never use up a number


def test_a_broken_draft_stops_the_copies_with_its_errors(session_project, converter, tmp_path):
    broken = session_project.drafts_dir / "kaputt.yaml"
    broken.write_text("vorlagenart: Beschlussvorlage\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        build_copies(session_project, [broken], tmp_path, converter, public=True)
    assert any("Pflichtfeld fehlt" in str(p) for p in info.value.problems)
