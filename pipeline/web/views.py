"""The pages and JSON endpoints of `vorlage serve`. Each calls the same stages as the CLI."""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from flask import Response, abort, jsonify, redirect, render_template, request, url_for

from ..authoring import amend_draft, new_draft, updated
from ..build import Batch, BuildOptions, number_for
from ..check import check_file
from ..errors import UserError, display_path
from ..files import atomic_save
from ..haus import list_house_styles
from ..records import Archive, Register
from ..render import markdown_html
from ..schema import draft_schema, load_yaml
from ..sitzung import build_session, load_session, session_drafts, session_status


def _problem_dicts(problems, checked_file: Path, draft: Path) -> list[dict]:
    """Problems as the form shows them, naming the draft (not a temporary copy of it)."""
    shown, real = display_path(checked_file), display_path(draft)
    return [{"feld": p.field, "zeile": p.line, "spalte": p.column, "art": p.severity,
             "meldung": p.message, "text": str(p).replace(shown, real, 1)} for p in problems]


def register(app, space, csrf: str) -> None:
    project = space.project

    def key(path: Path) -> str:
        return project.draft_key(path)

    def state_in(reg: Register, path: Path):
        """(number, archived record) of a draft; the record is None until it is final."""
        number = reg.number_of(key(path))
        archive = Archive(reg, project.archive_dir, project.root)
        record = archive.record(number) if number else None
        return number, record

    def state_of(path: Path):
        if not project.register_path.exists():
            return None, None
        with Register(project.register_path) as reg:
            return state_in(reg, path)

    def sessions_of(reg: Register) -> dict[str, list[str]]:
        """Session names by the drafts on their agendas (unreadable session files skipped:
        the sessions page shows their errors)."""
        out: dict[str, list[str]] = {}
        for path in space.sessions():
            try:
                drafts = session_drafts(path, project, reg)
            except UserError:
                continue
            for draft in dict.fromkeys(drafts):
                out.setdefault(str(draft), []).append(path.stem)
        return out

    def with_temp_draft(path: Path, data: dict, work):
        """Runs `work(temp_path, text)` on the form data written next to the draft, so
        relative Anlage paths and folder rules hold as for the real file."""
        text = form_text(path, data)
        temp = path.with_name(f".{path.stem}.{secrets.token_hex(4)}.yaml")
        temp.write_text(text, encoding="utf-8")
        try:
            return work(temp, text)
        finally:
            temp.unlink(missing_ok=True)

    def provisional(reg: Register, checked) -> str:
        """The number a draft would show if built now (held, typed, or a placeholder)."""
        try:
            numbering = number_for(checked, project, reg, False)
        except UserError:
            return "–"
        return numbering.nummer + (" (vorläufig)" if numbering.vorlaeufig else "")

    def form_text(path: Path, data: dict) -> str:
        """The draft's YAML with the form's data applied (only changed values rewritten)."""
        original = path.read_text(encoding="utf-8") if path.exists() else ""
        return updated(original, data)

    @app.get("/")
    def index():
        amt, sitzung = request.args.get("amt", ""), request.args.get("sitzung", "")
        rows, offices = [], set()
        with Register(project.register_path) as reg:  # one connection for the whole list
            in_sessions = sessions_of(reg)
            for path in space.drafts():
                checked = check_file(path, project)
                draft = checked.draft
                number, record = state_in(reg, path)
                sessions = in_sessions.get(str(path.resolve()), [])
                office = draft.amt if draft else ""
                offices.add(office)
                if (amt and office != amt) or (sitzung and sitzung not in sessions):
                    continue
                if record is None and checked.ok:
                    number = provisional(reg, checked)
                rows.append({"name": path.relative_to(project.drafts_dir).as_posix(),
                             "betreff": " ".join(draft.betreff.split()) if draft else "–",
                             "art": draft.vorlagenart if draft else "–",
                             "hausstil": checked.style.key if checked.style else "–",
                             "amt": office, "nummer": number or "–",
                             "final": record is not None, "ok": checked.ok,
                             "fehler": len(checked.errors), "sitzungen": sessions})
        styles = [{"key": listed.key, "problem": listed.problem,
                   "arten": [a.name for a in listed.style.config.vorlagenarten]
                   if listed.style else []}
                  for listed in list_house_styles(project.template_dirs)]
        return render_template("index.html", rows=rows, offices=sorted(o for o in offices if o),
                               sessions=[p.stem for p in space.sessions()], amt=amt,
                               sitzung=sitzung, styles=styles)

    @app.post("/neu")
    def new():
        name = request.form.get("datei", "").strip().removesuffix(".yaml")
        if not name or "/" in name or name.startswith("."):
            abort(400, "Dateiname fehlt oder ist ungültig")
        path = space.draft_path(f"{name}.yaml")
        style = space.checked_name(request.form.get("hausstil", "")) or None
        made = new_draft(project, path, style, request.form.get("art") or None)
        return redirect(url_for("editor",
                                name=made.path.relative_to(project.drafts_dir).as_posix()))

    @app.get("/entwurf/<path:name>")
    def editor(name: str):
        path = space.draft_path(name)
        if not path.is_file():
            abort(404)
        loaded = load_yaml(path).data if path.stat().st_size else {}
        checked = check_file(path, project)
        number, record = state_of(path)
        return render_template("editor.html", name=name, data=loaded,
                               schema=draft_schema(), final=record is not None,
                               number=number,
                               problems=_problem_dicts(checked.problems, path, path))

    def _json_body():
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
            abort(400, "erwartet JSON mit `name` und `data`")
        path = space.draft_path(str(body.get("name", "")))
        if not path.parent.is_dir():  # the form's data is written beside the draft
            abort(404)
        return path, body["data"]

    def _refuse_final(path: Path):
        _, record = state_of(path)
        if record is not None:
            abort(409, "Die Vorlage ist final und archiviert; Änderungen nur über eine "
                       "Ergänzungs- oder Änderungsvorlage")

    @app.post("/api/pruefen")
    def api_check():
        path, data = _json_body()

        def work(temp, text):
            return check_file(temp, project).problems, temp
        problems, temp = with_temp_draft(path, data, work)
        return jsonify(probleme=_problem_dicts(problems, temp, path))

    @app.post("/api/speichern")
    def api_save():
        path, data = _json_body()
        _refuse_final(path)
        text = form_text(path, data)
        atomic_save(lambda p: Path(p).write_text(text, encoding="utf-8"), path)
        checked = check_file(path, project)
        return jsonify(gespeichert=True, probleme=_problem_dicts(checked.problems, path, path))

    @app.post("/api/vorschau")
    def api_preview():
        path, data = _json_body()

        def work(temp, text):
            with tempfile.TemporaryDirectory(prefix="vorschau-") as out:
                options = BuildOptions(out_dir=Path(out), jobs=1)
                result = Batch(project, options, converter=space.converter).run([temp])
                outcome = result.outcomes[0]
                if outcome.status == "fehler":
                    return None, [str(p) for p in outcome.errors]
                return Path(outcome.output).read_bytes(), []
        pdf, errors = with_temp_draft(path, data, work)
        if pdf is None:
            return jsonify(fehler=errors), 422
        return Response(pdf, mimetype="application/pdf")

    @app.post("/api/markdown")
    def api_markdown():
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            abort(400, "erwartet JSON mit `text`")
        return jsonify(html=markdown_html(str(body.get("text", ""))))

    @app.post("/entwurf/<path:name>/amend")
    def amend(name: str):
        path = space.draft_path(name)
        number, record = state_of(path)
        if record is None:
            abort(409, "nur finale Vorlagen können ergänzt oder geändert werden")
        new = amend_draft(project, number, request.form.get("art", "Ergänzungsvorlage"))
        return redirect(url_for("editor", name=new.relative_to(project.drafts_dir).as_posix()))

    @app.get("/favicon.ico")
    def favicon():
        return Response(status=204)

    @app.get("/schema.json")
    def schema_json():
        return jsonify(draft_schema())

    @app.get("/sitzungen")
    def sessions():
        return render_template("sitzungen.html", sessions=[p.stem for p in space.sessions()])

    @app.get("/sitzung/<name>")
    def session(name: str):
        path = space.session_path(f"{name}.yaml")
        if not path.exists():
            abort(404)
        with Register(project.register_path) as reg:
            loaded = load_session(path, project, reg)
            rows = session_status(loaded, project, reg)
        folder = project.output_dir / "sitzungen" / name
        files = [f.name for f in sorted(folder.glob("*.pdf"))] if folder.is_dir() else []
        return render_template("sitzung.html", name=name, session=loaded, rows=rows,
                               files=files, problems=[str(p) for p in loaded.problems])

    @app.post("/sitzung/<name>/bauen", endpoint="build_session")
    def build_session_view(name: str):
        path = space.session_path(f"{name}.yaml")
        build_session(load_session(path, project), project,
                      project.output_dir / "sitzungen" / name, jobs=1)
        return redirect(url_for("session", name=name))

    @app.get("/ausgabe/<path:name>")
    def output(name: str):
        path = space.output_file(name)
        if not path.is_file():
            abort(404)
        return Response(path.read_bytes(), mimetype="application/pdf"
                        if path.suffix == ".pdf" else "text/plain")

    @app.errorhandler(UserError)
    def user_error(exc: UserError):
        return render_template("fehler.html", lines=[str(p) for p in exc.problems]), 422
