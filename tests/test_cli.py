"""The `vorlage` command itself: its commands, help, exit codes and plain messages."""

import json
import stat
import subprocess

import pytest

from helpers import MINIMAL, VORLAGE, run


def test_help_names_every_command(tmp_path):
    result = run(["--help"], tmp_path)
    assert result.returncode == 0
    for command in ("check", "build", "new", "amend", "archiv", "serve", "schema", "templates",
                    "sitzung", "export", "number", "suche"):
        assert f"  {command} " in result.stdout


def test_no_drafts_is_a_clear_error_not_a_traceback(tmp_path):
    (tmp_path / "leer").mkdir()
    for command in ("check", "build"):
        result = run([command, "leer"], tmp_path)
        assert result.returncode == 1
        assert result.stderr.strip() == "keine Entwürfe (*.yaml) gefunden"


def test_check_counts_errors_and_warnings(tmp_path):
    (tmp_path / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(MINIMAL.replace("amt:", "amd:"), encoding="utf-8")
    result = run(["check", "a.yaml", "b.yaml"], tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "2 Entwurf/Entwürfe geprüft: 2 Fehler, 0 Warnungen"


def _a_project_with_everything(root):
    """A project folder holding drafts beside its project file, a house style and a session."""
    import shutil

    from helpers import STYLES

    (root / "vorlage.yaml").write_text("hausstil: standard\n", encoding="utf-8")
    (root / "drafts").mkdir()
    (root / "drafts" / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    shutil.copytree(STYLES / "standard", root / "templates" / "eigen")
    (root / "sitzungen").mkdir()
    (root / "sitzungen" / "rat.yaml").write_text(
        "gremium: Rat\ndatum: 15.03.2024\nuhrzeit: '15:00'\nort: Rathaus\n"
        "einladungsdatum: 01.03.2024\n", encoding="utf-8")


def test_check_dot_skips_project_style_and_session_files(tmp_path):
    _a_project_with_everything(tmp_path)
    result = run(["check", "."], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "3 Datei(en) übersprungen: Projekt-, Hausstil- und Sitzungsdateien sind keine Entwürfe",
        "1 Entwurf/Entwürfe geprüft: 0 Fehler, 0 Warnungen"]
    assert "unbekanntes Feld" not in result.stderr


def test_a_non_draft_named_on_the_command_line_is_said_to_be_one(tmp_path):
    _a_project_with_everything(tmp_path)
    (tmp_path / "drafts" / "sitzung-hier.yaml").write_text(
        (tmp_path / "sitzungen" / "rat.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run(["check", "drafts/a.yaml", "vorlage.yaml", "templates/eigen/haus.yaml",
                  "sitzungen/rat.yaml", "drafts/sitzung-hier.yaml"], tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[:4] == [
        "vorlage.yaml: ist eine Projektdatei, kein Entwurf; sie wird bei jedem Befehl gelesen",
        "templates/eigen/haus.yaml: ist eine Hausstil-Datei, kein Entwurf; prüfen mit "
        "`vorlage templates check NAME`",
        "sitzungen/rat.yaml: ist eine Sitzungsdatei, kein Entwurf; prüfen mit `vorlage "
        "sitzung status DATEI`",
        "drafts/sitzung-hier.yaml: ist eine Sitzungsdatei, kein Entwurf; prüfen mit `vorlage "
        "sitzung status DATEI`"]  # known by its keys, wherever it lies
    assert lines[-1] == "1 Entwurf/Entwürfe geprüft: 4 Fehler, 0 Warnungen"
    assert "unbekanntes Feld" not in result.stderr


def test_build_final_refuses_out_with_the_reason(tmp_path):
    _a_project_with_everything(tmp_path)
    result = run(["build", "--final", "--out", "woanders", "drafts/a.yaml"], tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "--out: finale Vorlagen liegen im Archiv (output/archiv/); --out gilt nur für "
        "Entwürfe. Kopien gibt `vorlage archiv export --year JAHR --out ORDNER`")
    assert not (tmp_path / "woanders").exists() and not (tmp_path / "output").exists()


def test_schema_writes_the_editor_schema(tmp_path):
    result = run(["schema", "--out", "s"], tmp_path)
    assert result.returncode == 0 and "s/entwurf.schema.json geschrieben" in result.stdout
    schema = json.loads((tmp_path / "s" / "entwurf.schema.json").read_text(encoding="utf-8"))
    assert "betreff" in schema["properties"]
    leipzig = json.loads((tmp_path / "s" / "leipzig.schema.json").read_text(encoding="utf-8"))
    felder = leipzig["$defs"][leipzig["properties"]["felder"]["$ref"].split("/")[-1]]
    assert felder["properties"]["anlass"]["x-typ"] == "ankreuzen"


def test_number_on_an_empty_project(tmp_path):
    result = run(["number"], tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == "Register ist leer (noch keine finale Vorlage gebaut)."
    assert not (tmp_path / "register.sqlite").exists()  # looking creates nothing


def test_number_assign_gives_numbers_without_building(tmp_path):
    (tmp_path / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    result = run(["number", "assign", "a.yaml"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "a.yaml: 2024/0001"
    assert not list(tmp_path.rglob("*.pdf"))
    listing = run(["number"], tmp_path).stdout
    assert listing.split()[0] == "2024/0001" and "a.yaml" in listing


# --- vorlage user ---------------------------------------------------------------------------

USER_PW = "richtig-geheim-1"
AEMTER = """\
aemter:
  - {kennziffer: "20", name: Kämmerei}
  - {kennziffer: "53", name: Amt für Integration}
"""


def user_cmd(cwd, *args, stdin=""):
    """`vorlage user …` with `stdin` as its standard input (never a terminal here)."""
    return subprocess.run([str(VORLAGE), "user", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, timeout=120)


def accounts_of(root):
    from pipeline.accounts import Accounts

    return Accounts(root / "konten.sqlite")


@pytest.fixture
def amt_project(tmp_path):
    (tmp_path / "vorlage.yaml").write_text(AEMTER, encoding="utf-8")
    return tmp_path


def listing(root) -> dict[str, list[str]]:
    """`vorlage user list` as name → [anzeigename, state, quelle, roles]."""
    result = user_cmd(root, "list")
    assert result.returncode == 0, result.stderr
    rows = {}
    for line in result.stdout.splitlines():
        name, rest = line.split(maxsplit=1)
        shown, state, source, *roles = [p for p in rest.split("  ") if p.strip()]
        rows[name] = [shown.strip(), state.strip(), source.strip(),
                      " ".join(r.strip() for r in roles)]
    return rows


def test_user_add_reads_the_password_from_stdin(amt_project):
    result = user_cmd(amt_project, "add", "anna", "--rolle", "sachbearbeitung",
                      "--rolle", "mitzeichnung:Kämmerei", "--amt", "Amt für Integration",
                      "--anzeigename", "Anna Berg", stdin=USER_PW + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Konto anna angelegt: mitzeichnung:20, sachbearbeitung:53"
    with accounts_of(amt_project) as accounts:
        user = accounts.verify("anna", USER_PW)  # the newline is not part of the password
        assert user is not None and user.anzeigename == "Anna Berg"
        assert accounts.verify("anna", USER_PW + "\n") is None
    assert stat.S_IMODE((amt_project / "konten.sqlite").stat().st_mode) == 0o600


def test_user_list_shows_roles_and_state(amt_project):
    for name, role in (("anna", "sachbearbeitung:53"), ("bert", "admin")):
        assert user_cmd(amt_project, "add", name, "--rolle", role,
                        stdin=USER_PW + "\n").returncode == 0
    assert listing(amt_project) == {"anna": ["anna", "aktiv", "lokal", "sachbearbeitung:53"],
                                    "bert": ["bert", "aktiv", "lokal", "admin"]}


def test_user_passwd_changes_the_password_and_ends_sessions(amt_project):
    user_cmd(amt_project, "add", "anna", "--rolle", "admin", stdin=USER_PW + "\n")
    with accounts_of(amt_project) as accounts:
        key, _ = accounts.start_session("anna")
    result = user_cmd(amt_project, "passwd", "anna", stdin="ganz-neues-passwort\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Passwort von anna geändert"
    with accounts_of(amt_project) as accounts:
        assert accounts.verify("anna", USER_PW) is None
        assert accounts.verify("anna", "ganz-neues-passwort") is not None
        assert accounts.session(key, idle=3600) is None


def test_user_deaktivieren_keeps_the_account(amt_project):
    user_cmd(amt_project, "add", "anna", "--rolle", "sitzungsdienst", stdin=USER_PW + "\n")
    result = user_cmd(amt_project, "deaktivieren", "anna")
    assert result.returncode == 0 and result.stdout.strip() == "Konto anna deaktiviert"
    assert listing(amt_project)["anna"][1] == "deaktiviert"
    with accounts_of(amt_project) as accounts:
        assert accounts.verify("anna", USER_PW) is None
    # Accounts are never deleted: the name stays taken.
    again = user_cmd(amt_project, "add", "anna", "--rolle", "admin", stdin=USER_PW + "\n")
    assert again.returncode == 1 and "gibt es schon" in again.stderr
    assert user_cmd(amt_project, "aktivieren", "anna").returncode == 0
    assert listing(amt_project)["anna"] == ["anna", "aktiv", "lokal", "sitzungsdienst"]
    with accounts_of(amt_project) as accounts:
        assert accounts.verify("anna", USER_PW) is not None


def test_user_rollen_replaces_the_roles(amt_project):
    user_cmd(amt_project, "add", "anna", "--rolle", "sachbearbeitung:20", stdin=USER_PW + "\n")
    result = user_cmd(amt_project, "rollen", "anna", "--rolle", "dezernat",
                      "--rolle", "dezernat:Kämmerei", "--amt", "53")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Rollen von anna: dezernat:20, dezernat:53"
    assert listing(amt_project)["anna"][3] == "dezernat:20, dezernat:53"


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["add", "anna", "--rolle", "kantine"], USER_PW,
     "unbekannte Rolle „kantine“; erlaubt: sachbearbeitung, amtsleitung, dezernat, "
     "verwaltungsleitung, mitzeichnung, sitzungsdienst, admin"),
    (["add", "anna", "--rolle", "sachbearbeitung:Bauamt"], USER_PW,
     "das Amt „Bauamt“ steht nicht in der Liste der Ämter (aemter: in vorlage.yaml)"),
    (["add", "anna", "--rolle", "amtsleitung"], USER_PW,
     "die Rolle amtsleitung braucht ein Amt: „amtsleitung:AMT“ oder --amt"),
    (["add", "anna", "--rolle", "admin"], "kurz",
     "Das Passwort ist zu kurz: mindestens 10 Zeichen"),
    (["add", "anna", "--rolle", "admin"], "",
     "Das Passwort ist zu kurz: mindestens 10 Zeichen"),
    (["add", "an na", "--rolle", "admin"], USER_PW, "Kontoname „an na“ ungültig"),
    (["passwd", "niemand"], USER_PW, "Das Konto niemand gibt es nicht (`vorlage user list`)"),
    (["deaktivieren", "niemand"], "", "Das Konto niemand gibt es nicht"),
    (["aktivieren", "niemand"], "", "Das Konto niemand gibt es nicht"),
    (["rollen", "niemand", "--rolle", "admin"], "", "Das Konto niemand gibt es nicht"),
    (["rollen", "bert", "--rolle", "sitzungsdienst:20"], "",
     "die Rolle sitzungsdienst gilt für die ganze Verwaltung, ohne Amt"),
    (["passwd", "bert"], "noch-kurz", "Das Passwort ist zu kurz"),
], ids=["unknown-role", "unlisted-amt", "role-without-amt", "short-password", "no-password",
        "bad-name", "passwd-unknown", "deactivate-unknown", "activate-unknown", "roles-unknown",
        "amt-for-amtless-role", "passwd-short"])
def test_user_errors_are_plain_german_messages(amt_project, args, stdin, message):
    from pipeline.accounts import Role

    with accounts_of(amt_project) as accounts:
        before = accounts.add("bert", (Role("admin"),), USER_PW)
    result = user_cmd(amt_project, *args, stdin=stdin + "\n")
    assert result.returncode == 1
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.stderr and not result.stdout
    # Nothing changed: bert is as he was, no other account was made.
    with accounts_of(amt_project) as accounts:
        assert accounts.users() == [before]
        assert accounts.verify("bert", USER_PW) is not None


def test_user_help_names_every_subcommand(tmp_path):
    result = run(["user", "--help"], tmp_path)
    assert result.returncode == 0
    for command in ("add", "list", "passwd", "rollen", "deaktivieren", "aktivieren"):
        assert f"  {command} " in result.stdout
    assert not (tmp_path / "konten.sqlite").exists()  # asking for help creates nothing


def test_suche_prints_number_betreff_and_file_and_sees_an_edit(tmp_path):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "geraete.yaml").write_text(MINIMAL.replace(
        "Die Geräte sind veraltet.", "Die Geräte im Gebäude der Grundschule sind veraltet."),
        encoding="utf-8")
    (drafts / "typed.yaml").write_text(MINIMAL.replace(
        "betreff: Beschaffung von Testgeräten", "vorlagennummer: 2023/0042\n"
        "betreff: Sanierung der Sporthalle"), encoding="utf-8")
    result = run(["suche", "Gebaeude", "schule"], tmp_path)  # ae-spelling, part of a word
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["–\tBeschaffung von Testgeräten\tdrafts/geraete.yaml"]
    assert result.stderr.strip() == "1 Treffer für „Gebaeude schule“"
    result = run(["suche", "2023/0042"], tmp_path)
    assert result.stdout.splitlines() == ["2023/0042\tSanierung der Sporthalle\t"
                                          "drafts/typed.yaml"]
    result = run(["suche", "Sanierung Sporthalle", "Gebäude"], tmp_path)  # one phrase: no
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip() == "Keine Treffer für „Sanierung Sporthalle Gebäude“"
    (drafts / "typed.yaml").unlink()
    result = run(["suche", "Sporthalle"], tmp_path)
    assert result.returncode == 1 and "Keine Treffer" in result.stderr
    for query in ('"', "NEAR(", "*"):  # FTS5 syntax is searched for, never an error
        result = run(["suche", query], tmp_path)
        assert result.returncode == 1 and "Traceback" not in result.stderr, query
