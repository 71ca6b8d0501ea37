"""Roles as typed after `--rolle`: parsed against the project's list of Ämter."""

from __future__ import annotations

import pytest

from pipeline.accounts.roles import ROLES, Role, User, parse_roles
from pipeline.errors import UserError
from pipeline.project import Project

AEMTER = """\
aemter:
  - {kennziffer: "20", name: Kämmerei}
  - {kennziffer: "53", name: Amt für Integration}
"""


@pytest.fixture
def listed(tmp_path):
    """A project that lists its Ämter."""
    (tmp_path / "vorlage.yaml").write_text(AEMTER, encoding="utf-8")
    return Project.find(tmp_path)


@pytest.fixture
def unlisted(tmp_path):
    """A project without a list: an Amt is kept as written (normalised)."""
    return Project.find(tmp_path)


def parse(project, *specs, amt=None):
    return parse_roles(specs, amt, project.amt_key)


def test_roles_of_the_whole_administration_need_no_amt(listed):
    assert parse(listed, "sitzungsdienst") == (Role("sitzungsdienst"),)
    assert parse(listed, "verwaltungsleitung", "admin") == (Role("admin"),
                                                            Role("verwaltungsleitung"))


@pytest.mark.parametrize("spec", ["sachbearbeitung:53", "sachbearbeitung:Amt für Integration",
                                  "sachbearbeitung:53 Amt für Integration",
                                  "sachbearbeitung:amt FÜR   integration"])
def test_an_amt_by_kennziffer_or_name_is_kept_by_its_kennziffer(listed, spec):
    assert parse(listed, spec) == (Role("sachbearbeitung", "53"),)


def test_amt_option_is_the_default_for_roles_given_without_one(listed):
    roles = parse(listed, "sachbearbeitung", "amtsleitung", "mitzeichnung:Kämmerei",
                  "sitzungsdienst", amt="Amt für Integration")
    assert roles == (Role("amtsleitung", "53"), Role("mitzeichnung", "20"),
                     Role("sachbearbeitung", "53"), Role("sitzungsdienst"))


def test_dezernat_over_several_aemter_is_one_role_per_amt(listed):
    roles = parse(listed, "dezernat:20", "dezernat:53", "dezernat:Kämmerei")
    assert roles == (Role("dezernat", "20"), Role("dezernat", "53"))  # duplicates merged
    user = User("d", "D", roles)
    assert user.aemter("dezernat") == {"20", "53"}
    assert user.holds("dezernat", amt="53") and not user.holds("sachbearbeitung")


def test_casing_and_blanks_around_role_and_amt(listed):
    assert parse(listed, "  SachBearbeitung : 20 ", " Admin ") == (
        Role("admin"), Role("sachbearbeitung", "20"))


def test_without_a_list_the_amt_is_kept_as_written(unlisted):
    assert parse(unlisted, "sachbearbeitung: Amt  für Tests") == (
        Role("sachbearbeitung", "amt für tests"),)


def test_role_as_text_round_trips(listed):
    roles = parse(listed, "sachbearbeitung:20", "admin")
    assert [str(r) for r in roles] == ["admin", "sachbearbeitung:20"]
    assert parse(listed, *map(str, roles)) == roles


@pytest.mark.parametrize(("specs", "amt", "message"), [
    (["kantine"], None, "unbekannte Rolle „kantine“; erlaubt: " + ", ".join(ROLES)),
    ([""], None, "unbekannte Rolle „“"),
    (["sachbearbeitung"], None, "die Rolle sachbearbeitung braucht ein Amt"),
    (["dezernat:"], None, "die Rolle dezernat braucht ein Amt"),
    (["sitzungsdienst:20"], None, "die Rolle sitzungsdienst gilt für die ganze Verwaltung, "
                                  "ohne Amt („sitzungsdienst:20“)"),
    (["admin:Kämmerei"], None, "die Rolle admin gilt für die ganze Verwaltung"),
    (["sachbearbeitung:99"], None, "das Amt „99“ steht nicht in der Liste der Ämter"),
    (["amtsleitung"], "Bauamt", "das Amt „Bauamt“ steht nicht in der Liste der Ämter"),
    ([], "20", "mindestens eine Rolle angeben"),
])
def test_refused_roles(listed, specs, amt, message):
    with pytest.raises(UserError) as caught:
        parse(listed, *specs, amt=amt)
    assert str(caught.value).startswith(message)


def test_one_bad_role_refuses_all(listed):
    with pytest.raises(UserError, match="99"):
        parse(listed, "sachbearbeitung:20", "amtsleitung:99")


def test_admin_alone_sees_no_content():
    assert not User("a", "A", (Role("admin"),)).sees_content
    assert User("a", "A", (Role("admin"), Role("sachbearbeitung", "20"))).sees_content
