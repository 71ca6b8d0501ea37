"""The `vorlage` command: parses arguments, calls the stages, prints. Nothing else.

Each command imports its implementation lazily, so `vorlage --help` and `vorlage check` stay
quick and do not load LibreOffice bindings.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click

from .errors import UserError, display_path
from .german import install as _german

_german()


def _project():
    from .project import Project

    return Project.find()


def _jobs(jobs: int | None) -> int:
    """--jobs, or one LibreOffice per core."""
    return jobs or os.cpu_count() or 1


def _echo_problems(problems, err: bool = True) -> None:
    for problem in problems:
        click.echo(str(problem), err=err)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ratsvorlagen")
def main() -> None:
    """Ratsvorlagen: aus YAML-Entwürfen nummerierte Sitzungsvorlagen als PDF."""
    # A polite kill (systemd, a CI timeout, `kill`) takes the Ctrl-C path, so LibreOffice
    # workers are stopped and half-written files removed; Python's default would exit at
    # once and leave the workers running without a parent.
    signal.signal(signal.SIGTERM, _interrupt)


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C but reported with its own exit code (128 + 15)."""


def _interrupt(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second kill must not cut the cleanup
    raise Terminated


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    """Prüft Entwürfe (Dateien oder Ordner) und meldet jeden Fehler mit Zeile und Feld."""
    from .check import check_file, refusals, run_numbers
    from .records import Archive, Register

    project = _project()
    drafts, refused = _drafts(paths, project)
    errors, warnings = len(refused), 0
    # Read-only: check reports what `build --final` would refuse and changes nothing.
    register = Register.read_only(project.register_path)
    archive = Archive(register, project.archive_dir) if register else None
    try:
        all_checked = [check_file(path, project) for path in drafts]
        # a follow-up of an original checked with it: one final run builds both
        same_run = run_numbers(all_checked, project, register)
        for checked in all_checked:
            if register is not None:
                checked.problems.extend(refusals(checked, project, register, archive,
                                                 same_run))
            _echo_problems(checked.problems)
            errors += len(checked.errors)
            warnings += len(checked.warnings)
    finally:
        if register is not None:
            register.close()
    click.echo(f"{len(drafts)} Entwurf/Entwürfe geprüft: {errors} Fehler, {warnings} Warnungen",
               err=True)
    sys.exit(1 if errors else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Ausgabeordner (Standard: output/ des Projekts)")
@click.option("--final", is_flag=True, help="endgültig: Nummer aus dem Register, ohne ENTWURF")
@click.option("--keep-docx", is_flag=True, help="ausgefüllte Word-Datei neben dem PDF behalten")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="parallele LibreOffice-Instanzen (Standard: Anzahl der Kerne)")
@click.option("--force", is_flag=True, help="alles neu bauen, auch Unverändertes")
@click.option("--report", type=click.Path(path_type=Path, dir_okay=False),
              help="Ergebnis zusätzlich als JSON-Datei schreiben")
@click.option("--timeout", type=click.FloatRange(1), default=120.0, show_default=True,
              help="Sekunden, nach denen eine hängende Umwandlung abgebrochen wird")
@click.option("--worker-max-mib", type=click.FloatRange(100), default=1024.0, show_default=True,
              help="LibreOffice-Instanz ab diesem Speicherbedarf zwischen zwei Dokumenten "
                   "neu starten")
@click.option("--by", help="wer finalisiert (Standard: Benutzername); steht im Archiv")
def build(paths, out_dir, final, keep_docx, jobs, force, report, timeout,
          worker_max_mib, by) -> None:
    """Baut Entwürfe (Dateien oder Ordner) zu PDF-Vorlagen mit Anlagen."""
    from .build import Batch, BuildOptions, Display, write_report

    project = _project()
    if final and out_dir:
        # The archive is the one place of finals; a second copy would not be verified.
        archive = display_path(project.archive_dir)
        raise UserError(f"--out: finale Vorlagen liegen im Archiv ({archive}/); --out gilt "
                        "nur für Entwürfe. Kopien gibt `vorlage archiv export --year JAHR "
                        "--out ORDNER`")
    if final:
        _acting(project, by, "build --final")
    options = BuildOptions(out_dir=Path(out_dir or project.output_dir).resolve(), final=final,
                           keep_docx=keep_docx, force=force, jobs=_jobs(jobs),
                           timeout=timeout, max_rss_mib=worker_max_mib, by=by)
    drafts, refused = _drafts(paths, project)
    display = Display(len(drafts))
    try:
        result = Batch(project, options, on_start=display.start, on_done=display.done) \
            .run(drafts)
    except KeyboardInterrupt as stop:
        display.close()
        click.echo("Abgebrochen: fertige PDFs bleiben, angefangene wurden verworfen; der "
                   "nächste Lauf baut den Rest.", err=True)
        sys.exit(143 if isinstance(stop, Terminated) else 130)
    finally:
        display.close()
    display.summary(result)
    if report:
        write_report(result, report)
    sys.exit(1 if result.failed or refused else 0)


def _drafts(paths, project):
    """The drafts among `paths`, saying what was left out; files named that are no drafts
    are printed as errors and returned."""
    from .build import select_drafts

    found = select_drafts(list(paths), project)
    _echo_problems(found.refused)
    if found.skipped:
        click.echo(f"{found.skipped} Datei(en) übersprungen: Projekt-, Hausstil- und "
                   "Sitzungsdateien sind keine Entwürfe", err=True)
    if not found.drafts:
        raise UserError("keine Entwürfe (*.yaml) gefunden")
    return found.drafts, found.refused


@main.command()
@click.argument("target", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--hausstil", help="Hausstil (Standard: der des Projekts)")
@click.option("--art", "vorlagenart", help="Vorlagenart (Standard: die erste des Hausstils)")
def new(target: Path, hausstil: str | None, vorlagenart: str | None) -> None:
    """Legt einen neuen Entwurf an, mit jedem Feld und einer Erklärung dazu."""
    from .authoring import new_draft

    made = new_draft(_project(), target, hausstil, vorlagenart)
    click.echo(f"{target}: neuer Entwurf ({made.art.name}, Hausstil {made.style.key}); "
               f"ausfüllen, dann `vorlage check {target}`")


def _account(project, by: str | None, what: str, role: str | None = None):
    """With the workflow on, the CLI acts for a named account as the server would: --by
    must name an active account (the User); without the workflow, None."""
    if not project.config.workflow:
        return None
    from .accounts import Accounts

    if not by:
        raise UserError(f"Mit „workflow: ja“ braucht {what} --by KONTO"
                        + (f" (ein Konto mit der Rolle {role})" if role else ""))
    with Accounts(project.accounts_path) as accounts:
        user = accounts.user(by)
    if user is None or not user.aktiv:
        raise UserError(f"--by {by}: kein aktives Konto")
    return user


def _acting(project, by: str | None, what: str, role: str = "sitzungsdienst",
            amt: str | None = None) -> None:
    """… and holds the role (for `amt`, where given)."""
    user = _account(project, by, what, role)
    roles = ("sachbearbeitung", "amtsleitung") if role == "sachbearbeitung" else (role,)
    if user is not None and not user.holds(*roles, amt=amt):
        raise UserError(f"--by {by}: kein aktives Konto mit der Rolle {role}"
                        + (f" für das Amt {amt}" if amt else ""))


@main.command()
@click.argument("nummer")
@click.option("--art", required=True, type=click.Choice(["Ergänzungsvorlage",
                                                         "Änderungsvorlage"]))
@click.option("--out", "target", type=click.Path(path_type=Path, dir_okay=False),
              help="Datei des neuen Entwurfs (Standard: neben dem ursprünglichen)")
@click.option("--by", help="wer sie anlegt (mit workflow: ja ein Konto des Amtes)")
def amend(nummer: str, art: str, target: Path | None, by: str | None) -> None:
    """Legt zu einer finalen Vorlage eine Ergänzungs- oder Änderungsvorlage an."""
    from .authoring import amend_draft

    project = _project()
    if project.config.workflow:
        from .records import Archive, Register
        from .workflow import draft_state

        with Register(project.register_path) as register:
            record = Archive(register, project.archive_dir, project.root).record(nummer)
            amt = draft_state(project, project.root / record.entwurf, register).item.amt \
                if record else None
        _acting(project, by, "amend", "sachbearbeitung", amt or "?")
    path = amend_draft(project, nummer, art, target)
    click.echo(f"{path}: {art} zu {nummer} angelegt; bearbeiten, dann "
               f"`vorlage build --final {path}`")


@main.group()
def archiv() -> None:
    """Das Archiv finaler Vorlagen: anzeigen, prüfen, exportieren."""


def _archive():
    from .records import Archive, Register

    project = _project()
    register = Register(project.register_path)
    return register, Archive(register, project.archive_dir, project.root)


@archiv.command("list")
def archiv_list() -> None:
    """Listet die archivierten Vorlagen."""
    from .records import minutes_records

    register, archive = _archive()
    with register:
        records = archive.records()
        minutes = minutes_records(archive)
    if not records and not minutes:
        click.echo("Archiv ist leer.")
    for r in records:
        click.echo(f"{r.nummer:<16} {r.datum}  {r.vorlagenart:<18} {r.betreff[:50]:<50} "
                   f"{r.zeit}  {r.finalisiert_von}")
    for m in minutes:
        click.echo(f"{m.sitzung[:16]:<16} {m.datum}  {'Niederschrift':<18} {m.gremium[:50]:<50} "
                   f"{m.zeit}  {m.finalisiert_von}  genehmigt {m.genehmigt_am}")


@archiv.command("verify")
def archiv_verify() -> None:
    """Prüft jede archivierte Datei gegen ihre Prüfsumme; meldet fehlende, veränderte und
    nicht registrierte Dateien."""
    from .records import differences

    register, archive = _archive()
    with register:
        faults = archive.verify()
        count = len(archive.manifest.vorlagen())
        minutes = len(archive.manifest.niederschriften())
        unsettled = differences(register, archive)
    _echo_problems(faults)
    if unsettled:
        click.echo(f"Hinweis: Register und Archiv weichen ab ({len(unsettled)}); `vorlage "
                   "archiv abgleichen` zeigt die Unterschiede", err=True)
    if faults:
        click.echo(f"Archiv: {len(faults)} Abweichung(en) bei {count} Dateien", err=True)
        sys.exit(1)
    click.echo(f"Archiv in Ordnung: {count} Vorlagen geprüft"
               + (f", {minutes} Niederschriften" if minutes else ""))


@archiv.command("show")
@click.argument("nummer")
def archiv_show(nummer: str) -> None:
    """Zeigt die Fassungen einer Vorlage (Ursprung, Ergänzungen, Änderungen) in Reihenfolge."""
    register, archive = _archive()
    with register:
        versions = archive.versions(nummer)
    if not versions:
        raise UserError(f"Vorlage {nummer} ist nicht archiviert")
    for r in versions:
        link = f" (zu {r.basis})" if r.basis else ""
        click.echo(f"{r.version}  {r.nummer:<16} {r.vorlagenart:<18}{link}  {r.zeit}  "
                   f"{r.betreff[:50]}  {r.datei}  sha256 {r.sha256[:16]}…")


@archiv.command("export")
@click.option("--year", "year", type=int, required=True, help="Jahr der Vorlagen")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              required=True)
def archiv_export(year: int, out_dir: Path) -> None:
    """Übergabe an das Archiv: die finalen PDFs eines Jahres mit index.json und index.csv."""
    from .records import export_year

    register, archive = _archive()
    with register:
        records = export_year(archive, year, out_dir)
    click.echo(f"{out_dir}: {len(records)} Vorlagen aus {year}, index.json, index.csv")


@archiv.command("aussondern")
@click.option("--year", "year", type=int, required=True, help="Jahr der Vorlagen und "
                                                              "Niederschriften")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Zielordner der Nachricht (0501, 0503)")
@click.option("--bewertung", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="das Bewertungsverzeichnis (0502) des Archivs: schreibt die 0503")
@click.option("--bestaetigung", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="die Bestätigung des Archivs (0506 oder 0507) eintragen")
@click.option("--entfernen", is_flag=True, help="bestätigte Dateien aus dem lokalen Archiv "
                                                "entfernen (bleiben im Register verzeichnet)")
@click.option("--by", help="wer aussondert (mit workflow: ja ein Konto des Sitzungsdienstes)")
def archiv_aussondern(year, out_dir, bewertung, bestaetigung, entfernen, by) -> None:
    """Übergabe an das Kommunalarchiv in xdomea 3.0.0: mit --out das Anbieteverzeichnis
    (0501) des Jahres, mit --bewertung und --out die Aussonderung (0503) mit den
    PDF/A-Dateien; --bestaetigung trägt die Bestätigung des Archivs ein, --entfernen löscht
    danach die lokalen Kopien der bestätigten Dateien des Jahres."""
    from .aussonderung import confirm, hand_over, offer, remove_confirmed
    from .records import AuditTrail, current_user

    project = _project()
    if (out_dir is None) == (not (bestaetigung or entfernen)) or (bewertung and not out_dir):
        raise UserError("archiv aussondern: entweder --out ORDNER (Angebot; mit --bewertung "
                        "die Aussonderung) oder --bestaetigung DATEI und/oder --entfernen")
    _acting(project, by, "archiv aussondern")
    who = current_user(by)
    register, archive = _archive()
    with register, AuditTrail(project.audit_path) as audit:
        if bestaetigung:
            prozess, kind, done, failed = confirm(archive, bestaetigung)
            audit.write(who, "aussonderung_bestaetigung", prozess, nachricht=kind,
                        uebernommen=done, fehlgeschlagen=failed)
            click.echo(f"Aussonderung {prozess}: " + (
                "Empfang des Pakets bestätigt (0507); entfernt wird erst nach der "
                "Übernahmebestätigung (0506)" if kind == "0507" else
                f"Übernahme bestätigt für {len(done)} Vorgang/Vorgänge"))
            for line in failed:
                click.echo(f"  nicht übernommen: {line}", err=True)
        if entfernen:
            gone = remove_confirmed(archive, year, who)
            audit.write(who, "aussonderung_entfernt", str(year),
                        dateien=[f.datei for f in gone])
            click.echo(f"{len(gone)} bestätigte Datei(en) aus dem lokalen Archiv entfernt")
        if out_dir is None:
            return
        if bewertung:
            written = hand_over(project, archive, year, bewertung, out_dir, who)
            what = "Aussonderung (0503)"
        else:
            written = offer(project, archive, year, out_dir, who)
            what = "Anbieteverzeichnis (0501)"
        audit.write(who, "aussonderung_0503" if bewertung else "aussonderung_0501",
                    written.prozess_id, jahr=year,
                    vorgaenge=[v.kennzeichen for v in written.vorgaenge],
                    nicht_uebernommen=written.left_out)
    files = sum(len(v.dokumente) for v in written.vorgaenge)
    if written.package is None:
        click.echo(f"Aussonderung {written.prozess_id}: das Archiv übernimmt nichts; die "
                   "Bewertung ist eingetragen, eine Aussonderung (0503) entfällt")
    else:
        click.echo(f"{written.package}: {what}, {len(written.vorgaenge)} Vorgänge"
                   + (f", {files} Dateien" if bewertung else "")
                   + f"; ProzessID {written.prozess_id}")
    for left in written.left_out:
        click.echo(f"  nicht übernommen: {left}")


@archiv.command("abgleichen")
@click.option("--anwenden", is_flag=True, help="das Register nach dem Archiv-Manifest "
                                               "berichtigen (ändert keine archivierte Datei)")
def archiv_abgleichen(anwenden: bool) -> None:
    """Vergleicht Nummernregister und Archiv-Manifest, z. B. nach dem Zurückspielen einer
    Sicherung des Registers; ändert ohne --anwenden nichts."""
    from .records import apply_manifest, differences

    register, archive = _archive()
    with register:
        found = differences(register, archive)
        if not found:
            click.echo(f"Register und Archiv stimmen überein "
                       f"({len(archive.manifest.vorlagen())} archivierte Vorlagen).")
            return
        _echo_problems(found, err=False)
        if not anwenden:
            click.echo(f"{len(found)} Abweichung(en); `vorlage archiv abgleichen --anwenden` "
                       "übernimmt das Archiv ins Register", err=True)
            sys.exit(1)
        done = apply_manifest(register, archive)
    _echo_problems(done, err=False)
    click.echo(f"Register nach dem Archiv berichtigt: {len(done)} Änderung(en)")


@main.command()
@click.option("--host", help="Adresse (statt server.adresse in vorlage.yaml)")
@click.option("--port", type=click.IntRange(1, 65535),
              help="Port (statt server.port in vorlage.yaml)")
def serve(host: str | None, port: int | None) -> None:
    """Startet den Server der Verwaltung (Anmeldung mit Benutzerkonto)."""
    from .web import serve as run_server

    run_server(_project(), host, port, click.echo)


@main.group("user")
def user_group() -> None:
    """Benutzerkonten des Servers: anlegen, auflisten, Passwort, deaktivieren."""


def _accounts():
    from .accounts import Accounts

    project = _project()
    return project, Accounts(project.accounts_path)


def _new_password(name: str) -> str:
    """From standard input when it is not a terminal (scripts), else asked twice."""
    from .accounts import check_password_rules

    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(f"Passwort für {name}", hide_input=True,
                                confirmation_prompt="Passwort wiederholen")
    check_password_rules(password)
    return password


def _roles(project, rollen: tuple[str, ...], amt: str | None):
    from .accounts import parse_roles

    return parse_roles(rollen, amt, project.amt_key)


@user_group.command("add")
@click.argument("name")
@click.option("--rolle", "rollen", multiple=True, required=True, metavar="ROLLE[:AMT]",
              help="Rolle, für ein Amt als ROLLE:AMT (Kennziffer oder Name); mehrfach")
@click.option("--amt", help="Amt der Rollen, die ohne eines genannt sind")
@click.option("--anzeigename", help="Name, wie er angezeigt wird, z. B. „Anna Berg“")
def user_add(name: str, rollen: tuple[str, ...], amt: str | None,
             anzeigename: str | None) -> None:
    """Legt ein Konto an; das Passwort kommt von der Standardeingabe oder wird erfragt."""
    project, accounts = _accounts()
    with accounts:
        roles = _roles(project, rollen, amt)
        made = accounts.add(name, roles, _new_password(name), anzeigename or "")
    click.echo(f"Konto {made.name} angelegt: {', '.join(map(str, made.rollen))}")


@user_group.command("list")
def user_list() -> None:
    """Listet alle Konten mit Rollen; deaktivierte sind markiert."""
    project, accounts = _accounts()
    with accounts:
        for user in accounts.users():
            state = "aktiv" if user.aktiv else "deaktiviert"
            roles = ", ".join(str(r) for r in user.rollen)
            click.echo(f"{user.name:<20} {user.anzeigename:<24} {state:<12} "
                       f"{user.quelle:<12} {roles}")


@user_group.command("passwd")
@click.argument("name")
def user_passwd(name: str) -> None:
    """Setzt ein neues Passwort; die Anmeldungen des Kontos enden."""
    _, accounts = _accounts()
    with accounts:
        accounts.check_local(name)
        accounts.set_password(name, _new_password(name))
    click.echo(f"Passwort von {name} geändert")


@user_group.command("rollen")
@click.argument("name")
@click.option("--rolle", "rollen", multiple=True, required=True, metavar="ROLLE[:AMT]")
@click.option("--amt", help="Amt der Rollen, die ohne eines genannt sind")
def user_roles(name: str, rollen: tuple[str, ...], amt: str | None) -> None:
    """Ersetzt die Rollen eines Kontos."""
    project, accounts = _accounts()
    with accounts:
        roles = _roles(project, rollen, amt)
        accounts.set_roles(name, roles)
    click.echo(f"Rollen von {name}: {', '.join(map(str, roles))}")


def _set_active(name: str, active: bool) -> None:
    _, accounts = _accounts()
    with accounts:
        accounts.set_active(name, active)
    click.echo(f"Konto {name} {'aktiviert' if active else 'deaktiviert'}")


@user_group.command("deaktivieren")
@click.argument("name")
def user_deactivate(name: str) -> None:
    """Sperrt ein Konto (es bleibt erhalten); seine Anmeldungen enden sofort."""
    _set_active(name, False)


@user_group.command("aktivieren")
@click.argument("name")
def user_activate(name: str) -> None:
    """Gibt ein deaktiviertes Konto wieder frei."""
    _set_active(name, True)


@user_group.command("vertretung")
@click.argument("name")
@click.option("--durch", "deputy", required=True, help="Konto der Vertretung")
@click.option("--von", required=True, type=click.DateTime(["%d.%m.%Y", "%Y-%m-%d"]))
@click.option("--bis", required=True, type=click.DateTime(["%d.%m.%Y", "%Y-%m-%d"]))
def user_deputy(name: str, deputy: str, von, bis) -> None:
    """Benennt eine Vertretung für einen Zeitraum; sie zeichnet und gibt frei „i. V.“."""
    _, accounts = _accounts()
    with accounts:
        accounts.set_deputy(name, deputy, von.date().isoformat(), bis.date().isoformat())
    click.echo(f"{deputy} vertritt {name} vom {von:%d.%m.%Y} bis {bis:%d.%m.%Y}")


@main.group("audit")
def audit_group() -> None:
    """Das Protokoll: prüfen und ausgeben."""


@audit_group.command("pruefen")
def audit_check() -> None:
    """Prüft die Verkettung des Protokolls; meldet veränderte und entfernte Einträge."""
    from .records import AuditTrail

    project = _project()
    with AuditTrail(project.audit_path) as audit:
        problems, count = audit.verify(), audit.count()
    for line in problems:
        click.echo(line, err=True)
    if problems:
        raise UserError(f"Protokoll {project.audit_path}: {len(problems)} Befund(e)")
    click.echo(f"Protokoll in Ordnung: {count} Einträge, lückenlos verkettet")


@audit_group.command("export")
@click.option("--als", "name", required=True, help="Konto, dessen Sicht ausgegeben wird")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True)
def audit_export(name: str, fmt: str) -> None:
    """Gibt das Protokoll aus, so weit das Konto die Vorlagen sehen darf."""
    from .accounts import Accounts
    from .workflow import export_audit

    project = _project()
    with Accounts(project.accounts_path) as accounts:
        user = accounts.user(name)
    if user is None:
        raise UserError(f"Das Konto {name} gibt es nicht (`vorlage user list`)")
    click.echo(export_audit(project, user, fmt), nl=False)


@main.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("schema"), show_default=True)
def schema(out_dir: Path) -> None:
    """Schreibt die JSON-Schemas der Entwürfe (für Editoren mit YAML-Unterstützung): eines je
    Hausstil (<hausstil>.schema.json, mit dessen eigenen Feldern) und das allgemeine
    (entwurf.schema.json)."""
    from .files import atomic_save
    from .haus import default_draft_model, list_house_styles, style_schema
    from .schema import draft_schema, schema_text

    project = _project()
    out_dir.mkdir(parents=True, exist_ok=True)
    texts = {"entwurf": schema_text(draft_schema(default_draft_model()))}
    for listed in list_house_styles(project.template_dirs):
        if listed.style is None:
            click.echo(f"Hausstil {listed.key} übersprungen: {listed.problem}", err=True)
            continue
        texts[listed.key] = schema_text(style_schema(listed.style))
    for name, text in texts.items():
        target = out_dir / f"{name}.schema.json"
        atomic_save(lambda p, text=text: Path(p).write_text(text, encoding="utf-8"), target)
        click.echo(f"{target} geschrieben")


@main.group("templates", invoke_without_command=True)
@click.pass_context
def templates(ctx) -> None:
    """Listet die Hausstile; `templates check NAME|ORDNER` prüft einen Hausstil."""
    if ctx.invoked_subcommand:
        return
    from .haus import list_house_styles

    for listed in list_house_styles(_project().template_dirs):
        style = listed.style
        info = (f"{style.config.name:<28} {style.pattern.text}" if style
                else f"FEHLERHAFT: {listed.problem}")
        click.echo(f"{listed.key:<12} {info:<50} {listed.folder}")


@templates.command("check")
@click.argument("name")
def templates_check(name: str) -> None:
    """Prüft einen Hausstil (Name oder Ordner): haus.yaml, Variablen, Jinja, Formatvorlagen."""
    from .check import check_house_style
    from .haus import load_house_style, load_style_folder

    project = _project()
    # The operator's own command may name a folder; drafts can only name a style.
    as_folder = "/" in name or os.sep in name or name in (".", "..")
    style = (load_style_folder(Path(name)) if as_folder
             else load_house_style(name, project.template_dirs))
    from .check import dropped_declarations, unprinted_declarations
    from .records import Register

    problems = check_house_style(style)
    warnings = unprinted_declarations(style) + dropped_declarations(
        style, Register.read_only(project.register_path))
    _echo_problems(problems + warnings)
    if problems:
        click.echo(f"Hausstil {style.key}: {len(problems)} Fehler", err=True)
        sys.exit(1)
    click.echo(f"Hausstil {style.key}: in Ordnung ({style.template})"
               + (f", {len(warnings)} Warnung(en)" if warnings else ""))


@main.group()
def sitzung() -> None:
    """Sitzungen: Tagesordnung, Sitzungsmappen und Fristen."""


def _load_session(file: Path):
    from .sitzung import load_session

    project = _project()
    return project, load_session(file, project)


@sitzung.command("build")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Ausgabeordner (Standard: output/sitzungen/<Name>/)")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="parallele LibreOffice-Instanzen (Standard: Anzahl der Kerne)")
def sitzung_build(file: Path, out_dir: Path | None, jobs: int | None) -> None:
    """Baut Tagesordnung.pdf, Tagesordnung-oeffentlich.pdf, Sitzungsmappe.pdf und
    Sitzungsmappe-oeffentlich.pdf."""
    from .sitzung import build_session

    project, session = _load_session(file)
    _echo_problems([p for p in session.problems if not p.is_error])
    target = Path(out_dir or project.output_dir / "sitzungen" / session.name).resolve()
    shown: set[str] = set()

    def warn(outcome) -> None:  # each copy's warnings once (members' and public copy)
        for problem in outcome.warnings:
            if str(problem) not in shown:
                shown.add(str(problem))
                click.echo(str(problem), err=True)

    result = build_session(session, project, target, _jobs(jobs), on_done=warn)
    click.echo(f"{result.tagesordnung}")
    click.echo(f"{result.tagesordnung_oeffentlich}")
    click.echo(f"{result.mappe} ({result.pages} Seiten)")
    click.echo(f"{result.mappe_oeffentlich} ({result.public_pages} Seiten)")
    _echo_planned(session, project, err=True)  # stdout stays the list of files built


@sitzung.command("niederschrift")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Ausgabeordner (Standard: output/sitzungen/<Name>/)")
@click.option("--final", is_flag=True, help="die genehmigte Niederschrift einmalig "
                                            "archivieren (PDF/A, unveränderlich)")
@click.option("--by", help="wer archiviert (mit workflow: ja ein Konto des Sitzungsdienstes)")
def sitzung_niederschrift(file: Path, out_dir: Path | None, final: bool,
                          by: str | None) -> None:
    """Baut Niederschrift.pdf und Niederschrift-oeffentlich.pdf aus den Ergebnissen und der
    Anwesenheit der Sitzungsdatei; mit --final archiviert es die genehmigte Niederschrift."""
    from .records import Archive, Register, minutes_record
    from .sitzung import current_minutes, finalise_minutes

    project, session = _load_session(file)
    _echo_problems([p for p in session.problems if not p.is_error])
    target = Path(out_dir or project.output_dir / "sitzungen" / session.name).resolve()
    if final:
        _acting(project, by, "sitzung niederschrift --final")
        result, stored = finalise_minutes(session, project, target, by)
        click.echo("archiviert" if stored else "unverändert (archiviert)", err=True)
    else:
        with Register(project.register_path) as register:
            held = minutes_record(Archive(register, project.archive_dir, project.root),
                                  session.name)
        result = current_minutes(session, project, target)
        if held is not None:  # archived: the archived files, never a new rendering
            click.echo("unverändert (archiviert)", err=True)
    click.echo(f"{result.niederschrift}")
    click.echo(f"{result.oeffentlich}")


@sitzung.command("auszug")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("tops", nargs=-1)
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Ausgabeordner (Standard: output/sitzungen/<Name>/)")
def sitzung_auszug(file: Path, tops: tuple[str, ...], out_dir: Path | None) -> None:
    """Baut je TOP einen Beschlussauszug (ohne TOP-Angabe: für jeden TOP mit Ergebnis), z. B.
    `vorlage sitzung auszug sitzungen/rat.yaml Ö5 "N 1"`."""
    from .sitzung import build_extracts

    project, session = _load_session(file)
    _echo_problems([p for p in session.problems if not p.is_error])
    target = Path(out_dir or project.output_dir / "sitzungen" / session.name).resolve()
    for path in build_extracts(session, project, target, tops):
        click.echo(f"{path}")


@sitzung.command("status")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="als JSON ausgeben")
def sitzung_status(file: Path, as_json: bool) -> None:
    """Zeigt je TOP, ob die Vorlage da, fehlerfrei und rechtzeitig final ist, und nach der
    Sitzung ihr Ergebnis und den Beratungsstand."""
    import json

    from .records import Register
    from .sitzung import session_status

    project, session = _load_session(file)
    with Register(project.register_path) as register:
        rows = session_status(session, project, register)
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in rows], indent=2, ensure_ascii=False))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{session.data.gremium}, {session.data.datum:%d.%m.%Y} "
                            f"(Frist {rows[0].frist if rows else ''})")
        for column in ("TOP", "Betreff", "Nummer", "Status", "final am", "Ergebnis",
                       "Beratungsstand"):
            table.add_column(column)
        for r in rows:
            betreff = r.betreff[:60] + (f"\n({r.hinweis})" if r.hinweis else "")
            table.add_row(r.top, betreff, r.vorlagennummer or "", r.status, r.final_am or "",
                          r.ergebnis or "", r.beratungsstand or "")
        Console(highlight=False, width=120).print(table)
        _echo_planned(session, project)
        _echo_problems(session.problems)
    sys.exit(1 if any(r.problem for r in rows) or any(p.is_error for p in session.problems)
             else 0)


def _echo_planned(session, project, err: bool = False) -> None:
    """Drafts whose Beratungsfolge plans this session but that its agenda does not list."""
    from .build import find_drafts
    from .errors import display_path
    from .sitzung import candidates

    folder = project.drafts_dir
    planned = candidates(session, find_drafts([folder]) if folder.is_dir() else [], project)
    if planned:
        click.echo("Vorgesehen, noch nicht auf der Tagesordnung:", err=err)
    for c in planned:
        where = display_path(c.path)
        extra = "; Termin in der Beratungsfolge offen" if c.termin_offen else ""
        if c.vertagt_am:
            extra = f"; vertagt in der Sitzung vom {c.vertagt_am:%d.%m.%Y}"
        teil = "öffentlich" if c.oeffentlich else "nichtöffentlich"
        click.echo(f"  {where}: {c.betreff[:70]} ({teil}{extra})", err=err)


_DAY = click.DateTime(["%d.%m.%Y", "%Y-%m-%d"])


@main.group("beschluesse", invoke_without_command=True)
@click.option("--amt", help="nur die Beschlüsse dieses Amtes (Kennziffer oder Name)")
@click.option("--ueberfaellig", is_flag=True, help="nur die überfälligen")
@click.option("--offen", is_flag=True, help="ohne die erledigten")
@click.option("--json", "as_json", is_flag=True, help="als JSON ausgeben")
@click.option("--csv", "as_csv", is_flag=True, help="als CSV (Semikolon) ausgeben")
@click.option("--stichtag", type=_DAY, metavar="TT.MM.JJJJ",
              help="überfällig gemessen an diesem Tag (Standard: heute)")
@click.pass_context
def beschluesse(ctx, amt, ueberfaellig, offen, as_json, as_csv, stichtag) -> None:
    """Beschlussverfolgung: die Beschlüsse, die die Verwaltung umzusetzen hat, mit Amt,
    Frist und Stand; `beschluesse vermerk KENNUNG` trägt den Fortgang ein."""
    if ctx.invoked_subcommand:
        return
    import json
    from datetime import date

    from .records import Register
    from .sitzung import all_decisions, as_csv as csv_of, select

    project = _project()
    day = stichtag.date() if stichtag else date.today()
    with Register(project.register_path) as register:
        found = all_decisions(project, register)
    chosen = select(found.decisions, project, day, amt, ueberfaellig, not offen)
    if as_json:
        click.echo(json.dumps([d.as_json(project, day) for d in chosen], indent=2,
                              ensure_ascii=False))
    elif as_csv:
        click.echo(csv_of(chosen, project, day), nl=False)
    else:
        for d in chosen:
            late = "  ÜBERFÄLLIG" if d.ueberfaellig(day) else ""
            click.echo(f"{d.kennung}  {d.gremium}, {d.datum:%d.%m.%Y}, {d.top}: "
                       f"{d.betreff[:60]}\n    {project.amt_name(d.amt) if d.amt else 'ohne Amt'}"
                       f", Frist {d.frist:%d.%m.%Y}, {d.status}{late}")
        late = sum(d.ueberfaellig(day) for d in chosen)
        click.echo(f"{len(chosen)} {'Beschluss' if len(chosen) == 1 else 'Beschlüsse'}"
                   + (f" ({late} überfällig)" if late else ""), err=True)
    for path, why in found.skipped:
        click.echo(f"Nicht gelesen: {display_path(path)}: {why}", err=True)
    _echo_problems(found.problems)
    sys.exit(1 if found.skipped or found.problems else 0)


@beschluesse.command("vermerk")
@click.argument("kennung")
@click.option("--status", type=click.Choice(["offen", "in Arbeit", "erledigt"]))
@click.option("--text", help="der Vermerk, z. B. „Auftrag erteilt“")
@click.option("--datum", type=_DAY, metavar="TT.MM.JJJJ",
              help="Datum des Vermerks (Standard: heute)")
@click.option("--amt", help="an ein anderes Amt abgeben (nur Sitzungsdienst)")
@click.option("--frist", type=_DAY, metavar="TT.MM.JJJJ",
              help="neue Frist (nur Sitzungsdienst)")
@click.option("--by", help="wer einträgt (mit workflow: ja ein Konto des Amtes oder des "
                           "Sitzungsdienstes)")
def beschluesse_vermerk(kennung, status, text, datum, amt, frist, by) -> None:
    """Trägt zu einem Beschluss Stand, Vermerk, Amt oder Frist ein (KENNUNG wie in der
    Liste, z. B. bielefeld-rat-2020-09-03/Ö4)."""
    from .records import AuditTrail, Register, current_user
    from .sitzung import record_progress

    project = _project()
    with Register(project.register_path) as register:
        decision, change = record_progress(
            project, register, kennung, current_user(by), status=status, text=text,
            datum=datum.date() if datum else None, amt=amt,
            frist=frist.date() if frist else None,
            acting=_account(project, by, "beschluesse vermerk"))
    with AuditTrail(project.audit_path) as audit:
        audit.write(current_user(by), "beschluss_vermerk", decision.kennung, **change)
    amt = project.amt_name(decision.amt) if decision.amt else "ohne Amt"
    click.echo(f"{decision.kennung}: {decision.status}, {amt}, "
               f"Frist {decision.frist:%d.%m.%Y}")


@main.group("export")
def export_group() -> None:
    """Export öffentlicher Daten."""


@export_group.command("oparl")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              required=True, help="Zielordner")
@click.option("--base-url", help="Basis-URL der Objekte (Standard: oparl_basis_url aus "
                                 "vorlage.yaml)")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None)
def export_oparl_command(out_dir: Path, base_url: str | None, jobs: int | None) -> None:
    """Schreibt OParl-1.1-JSON der öffentlichen Sitzungen, Vorlagen und Dateien."""
    from .sitzung import export_oparl

    project = _project()
    export = export_oparl(project, out_dir.resolve(), base_url or project.config.oparl_basis_url,
                          _jobs(jobs))
    kinds: dict[str, int] = {}
    for obj in export.objects.values():
        kind = obj.get("type", "Liste").rsplit("/", 1)[-1]
        kinds[kind] = kinds.get(kind, 0) + 1
    click.echo(f"{out_dir}: {len(export.objects)} Objekte geschrieben ("
               + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + ")")
    # What left the export: a closed Vorlage must be seen to be gone, id by id.
    click.echo(f"{len(export.deleted)} nicht mehr öffentlich, als gelöscht markiert"
               f" ({len(export.tombstones)} gelöschte Objekte insgesamt)")
    for oid in export.deleted:
        click.echo(f"  gelöscht: {oid}")
    click.echo(f"{len(export.removed)} Dateien entfernt")
    for rel in export.removed:
        click.echo(f"  entfernt: {rel}")
    if export.skipped:
        click.echo("Nicht exportiert (Fehler in der Sitzungsdatei):", err=True)
        _echo_problems(export.skipped)
        sys.exit(1)


@main.group("number", invoke_without_command=True)
@click.pass_context
def number_group(ctx) -> None:
    """Zeigt das Nummernregister; `number assign PFAD…` vergibt finale Nummern."""
    if ctx.invoked_subcommand:
        return
    number_list()


@number_group.command("assign")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--by", help="wer die Nummern vergibt (mit workflow: ja ein Konto des "
                           "Sitzungsdienstes)")
def number_assign(paths, by: str | None) -> None:
    """Vergibt Entwürfen schon jetzt ihre finale Nummer, ohne zu bauen."""
    from .build import Status, assign_numbers

    project = _project()
    _acting(project, by, "number assign")
    outcomes = assign_numbers(list(paths), project)
    for outcome in outcomes:
        _echo_problems(outcome.problems)
        if outcome.status != Status.FEHLER:
            click.echo(f"{outcome.path}: {outcome.nummer}")
    sys.exit(1 if any(o.status == Status.FEHLER for o in outcomes) else 0)


def number_list() -> None:
    """Zeigt das Nummernregister: vergebene Nummern und ihre Entwürfe."""
    from .records import KINDS, Register

    project = _project()
    entries = []
    if project.register_path.exists():
        with Register(project.register_path) as register:
            entries = register.entries()
    if not entries:
        click.echo("Register ist leer (noch keine finale Vorlage gebaut).")
        return
    width = max(len(e.nummer) for e in entries)
    for e in entries:
        extra = f" (Folge von {e.basis})" if e.basis else ""
        kind = f" [{KINDS[e.herkunft]}]" if e.herkunft in KINDS else ""
        click.echo(f"{e.nummer:<{width}}  {e.vergeben}  {e.hausstil:<10}  "
                   f"{e.entwurf or '–'}{extra}{kind}")



@main.command()
@click.argument("begriffe", nargs=-1, required=True)
@click.option("--anzahl", type=click.IntRange(1), default=20, show_default=True,
              help="höchstens so viele Treffer zeigen")
def suche(begriffe: tuple[str, ...], anzahl: int) -> None:
    """Durchsucht alle Vorlagen: Nummer, Betreff, Amt, Beschlussvorschlag, Begründung.

    Jeder Begriff muss vorkommen (ab drei Buchstaben auch als Teil eines Wortes); ein
    Begriff mit Leerzeichen gilt als Wortfolge. Zeigt Nummer, Betreff und Datei jedes
    Treffers; Exit-Code 1, wenn nichts gefunden wurde."""
    from .records import Register
    from .web.search import refreshed

    project = _project()
    query = " ".join(f'"{b}"' if len(b.split()) > 1 and '"' not in b else b
                     for b in begriffe)
    register = Register.read_only(project.register_path)
    try:
        with refreshed(project, register) as index:
            result = index.search(query, None, anzahl)
    finally:
        if register is not None:
            register.close()
    for hit in result.hits:
        betreff = "".join(text for text, _ in hit.betreff)
        click.echo(f"{hit.nummer or '–'}\t{betreff}\t"
                   f"{display_path(project.drafts_dir / hit.name)}")
    shown = " ".join(begriffe)
    click.echo(f"{result.count} Treffer für „{shown}“" if result.count
               else f"Keine Treffer für „{shown}“", err=True)
    sys.exit(0 if result.count else 1)

if __name__ == "__main__":
    main()
