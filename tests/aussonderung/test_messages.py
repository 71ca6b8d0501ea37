"""The xdomea messages: names as the standard gives them, what the archive sends read by its
content alone (no entity, no file, no network), and mistakes named with their line."""

import pytest

from pipeline.aussonderung.messages import (file_stem, message_name, read_appraisal,
                                            read_confirmation)
from pipeline.errors import UserError

PID = "55a09a8a-a868-4938-941b-d306d8e4db37"
A, B = "93e513ca-1bf5-40a4-9c70-c7340f276a72", "ac43b215-1dd5-4556-8562-418b5f392294"
C = "b962e000-e884-411b-9b77-4aa81d21c02b"


def _message(kind: str, body: str, doctype: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>{doctype}
<xdomea:{message_name(kind)} xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0">
  <xdomea:Kopf><xdomea:ProzessID>{PID}</xdomea:ProzessID></xdomea:Kopf>
{body}
</xdomea:{message_name(kind)}>""".encode()


def _rated(oid: str, code: str) -> str:
    return (f"<xdomea:BewertetesObjekt><xdomea:ID>{oid}</xdomea:ID><xdomea:Aussonderungsart>"
            f"<xdomea:Aussonderungsart><code>{code}</code></xdomea:Aussonderungsart>"
            "</xdomea:Aussonderungsart></xdomea:BewertetesObjekt>")


def test_names_follow_the_standard():
    assert message_name("0503") == "Aussonderung.Aussonderung.0503"
    assert file_stem(PID, "0501") == f"{PID}_Aussonderung.Anbieteverzeichnis.0501"


def test_an_appraisal_keeps_a_and_v_and_leaves_b_to_later(tmp_path):
    path = tmp_path / "0502.xml"
    path.write_bytes(_message("0502", _rated(A, "A") + _rated(B, "V") + _rated(C, "B")))
    assert read_appraisal(path) == (PID, {A: "A", B: "V"})
    path.write_bytes(_message("0502", _rated(A, "A") + _rated(A, "V")))
    with pytest.raises(UserError, match="zweimal bewertet"):
        read_appraisal(path)
    path.write_bytes(_message("0502", _rated(A, "X")))
    with pytest.raises(UserError) as err:
        read_appraisal(path)
    assert "0502.xml:4" in str(err.value.problems[0]) and "„X“" in str(err.value.problems[0])


def test_another_message_or_no_xml_is_refused(tmp_path):
    path = tmp_path / "falsch.xml"
    path.write_bytes(_message("0506", ""))
    with pytest.raises(UserError, match="Bewertungsverzeichnis.0502"):
        read_appraisal(path)
    path.write_bytes(b"<kein")
    with pytest.raises(UserError, match="keine lesbare XML-Datei"):
        read_appraisal(path)


def test_no_entity_is_resolved(tmp_path):
    secret = tmp_path / "geheim.txt"
    secret.write_text("A", encoding="utf-8")
    path = tmp_path / "0502.xml"
    path.write_bytes(_message("0502", _rated(A, "&e;"),
                              f"<!DOCTYPE x [<!ENTITY e SYSTEM '{secret.as_uri()}'>]>"))
    with pytest.raises(UserError):  # &e; stays unresolved: no code A read from the file
        read_appraisal(path)


def test_confirmations_name_what_the_archive_took(tmp_path):
    path = tmp_path / "0506.xml"
    path.write_bytes(_message("0506", f"""
  <xdomea:AusgesondertesSGO><xdomea:IDSGO>{A}</xdomea:IDSGO>
    <xdomea:Erfolgreich>1</xdomea:Erfolgreich>
    <xdomea:Archivkennung>Best. 1 Nr. 7</xdomea:Archivkennung>
  </xdomea:AusgesondertesSGO>
  <xdomea:AusgesondertesSGO><xdomea:IDSGO>{B}</xdomea:IDSGO>
    <xdomea:Erfolgreich>0</xdomea:Erfolgreich></xdomea:AusgesondertesSGO>"""))
    assert read_confirmation(path) == (PID, "0506", {A: "Best. 1 Nr. 7"},
                                       {B: "ohne Angabe des Archivs"})
    path.write_bytes(_message("0507", ""))
    assert read_confirmation(path) == (PID, "0507", {}, {})
