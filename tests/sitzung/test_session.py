"""Sessions: derived TOP numbers and the checks of each Vorlage against the session."""

from closed_session import SESSION
from helpers import planned_draft, run

# The session of closed_session.py with an agenda that breaks every rule.
SESSION_ERRORS = SESSION.split("oeffentlicher_teil:")[0] + """\
oeffentlicher_teil:
  - vorlage: drafts/grundstueck.yaml
  - vorlage: drafts/turnhalle.yaml
  - vorlage: drafts/turnhalle.yaml
  - vorlage: drafts/fehlt.yaml
nichtoeffentlicher_teil:
  - vorlage: drafts/bielefeld-kim.yaml
"""


def test_agenda_cross_checks(session_project):
    root = session_project.root
    (root / "sitzungen" / "falsch.yaml").write_text(
        SESSION_ERRORS.replace("03.09.2020", "10.09.2020"),
        encoding="utf-8")
    result = run(["sitzung", "build", "sitzungen/falsch.yaml"], root)
    assert result.returncode == 1
    err = result.stderr
    assert "sitzungen/falsch.yaml:8:14: oeffentlicher_teil[1].vorlage: nichtöffentliche " \
           "Vorlage im öffentlichen Teil" in err
    assert "oeffentlicher_teil[3].vorlage: Vorlage steht schon unter Ö 2 auf der " \
           "Tagesordnung" in err
    assert "oeffentlicher_teil[4].vorlage: Vorlage „drafts/fehlt.yaml“ nicht gefunden" in err
    assert "oeffentlicher_teil[2].vorlage: „Neubau einer Turnhalle“ sieht in der " \
           "Beratungsfolge keine Beratung im Gremium „Rat der Stadt Bielefeld“ am " \
           "10.09.2020 vor" in err
    assert "Traceback" not in err
    assert not (session_project.output_dir / "sitzungen" / "falsch").exists()


def test_top_numbers_are_derived_and_the_agenda_is_plain_data(session_project):
    from pipeline.sitzung import load_session

    session = load_session(session_project.root / "sitzungen" / "rat.yaml", session_project)
    assert [(t.nummer, t.teil[0]) for t in session.tops] == [
        ("Ö 1", "o"), ("Ö 2", "o"), ("Ö 2.1", "o"), ("Ö 2.2", "o"), ("Ö 3", "o"), ("N 1", "n")]
    assert [t.ref for t in session.vorlagen()] == ["drafts/turnhalle.yaml",
                                                   "drafts/bielefeld-kim.yaml",
                                                   "drafts/grundstueck.yaml"]
    assert session.problems == []
    agenda = session.agenda()
    assert agenda.wochentag == "Donnerstag" and agenda.gremium == "Rat der Stadt Bielefeld"
    assert [(i.nummer, i.titel) for i in agenda.items][3] == ("Ö 2.2", "Neubau einer Turnhalle")


# A closed plain item with a public title, and one on a public item, where it does nothing.
SESSION_TITLES = SESSION.replace("  - titel: Eröffnung\n",
                                 "  - titel: Eröffnung\n    oeffentlicher_titel: Beginn\n") + """\
  - titel: Personalangelegenheit Müller
    oeffentlicher_titel: Personalsache
"""


def rows(agenda) -> list[tuple]:
    return [(i.nummer, i.titel, i.nummer_vorlage) for i in agenda.items]


def test_public_agenda_keeps_only_number_and_public_title_of_closed_tops(session_project):
    from pipeline.sitzung import load_session

    grundstueck = session_project.drafts_dir / "grundstueck.yaml"
    grundstueck.write_text(grundstueck.read_text(encoding="utf-8").replace(
        "amt: Amt für Tests", "amt: Liegenschaftsamt\nvorlagennummer: 4711/2014-2020"),
        encoding="utf-8")
    path = session_project.root / "sitzungen" / "titel.yaml"
    path.write_text(SESSION_TITLES, encoding="utf-8")
    session = load_session(path, session_project)
    members, public = session.agenda(), session.agenda(public=True)
    assert not members.public and public.public
    assert rows(members)[0] == ("Ö 1", "Eröffnung", None)
    assert rows(members)[5:] == [("N 1", "Grundstücksangelegenheit Testweg", "4711/2014-2020"),
                                 ("N 2", "Personalangelegenheit Müller", None)]
    assert rows(public)[:5] == rows(members)[:5]  # the public part is the same for everyone
    assert rows(public)[5:] == [("N 1", "Nichtöffentliche Angelegenheit", None),
                                ("N 2", "Personalsache", None)]
    for secret in ("Grundstück", "Testweg", "4711", "Liegenschaftsamt", "Müller"):
        assert secret not in repr(public.items), secret
    [problem] = session.problems
    assert problem.severity == "warning"
    assert str(problem).startswith("sitzungen/titel.yaml:9:26: oeffentlicher_teil[1]."
                                   "oeffentlicher_titel: Warnung: wirkt nur im "
                                   "nichtöffentlichen Teil")


def test_house_style_names_closed_tops_in_the_public_agenda(session_project):
    import shutil

    from helpers import STYLES
    from pipeline.sitzung import load_session

    style = session_project.root / "templates" / "bielefeld"
    shutil.copytree(STYLES / "bielefeld", style)
    haus = style / "haus.yaml"
    haus.write_text(haus.read_text(encoding="utf-8").replace(
        "beschriftungen:\n", "beschriftungen:\n  nichtoeffentlicher_top: Vertraulich\n"),
        encoding="utf-8")
    session = load_session(session_project.root / "sitzungen" / "rat.yaml", session_project)
    assert session.style.folder == style.resolve()
    assert [(i.nummer, i.titel) for i in session.agenda(public=True).items][5:] == [
        ("N 1", "Vertraulich")]


def test_the_step_a_session_holds():
    """The step dated that day wins; else one of the Gremium with its date still open."""
    from datetime import date

    from pipeline.schema import Draft
    from pipeline.sitzung import step_for

    draft = Draft.model_validate({
        "vorlagenart": "Beschlussvorlage", "amt": "A", "datum": "01.01.2025", "betreff": "B",
        "beratungsfolge": [{"gremium": "Rat", "top": "offen"},
                           {"gremium": "Rat", "sitzung": "05.05.2025", "top": "datiert"},
                           {"gremium": "Bauausschuss", "sitzung": "01.04.2025"}]})
    assert step_for(draft, "Rat", date(2025, 5, 5)).top == "datiert"
    assert step_for(draft, "Rat", date(2025, 6, 1)).top == "offen"
    assert step_for(draft, "Bauausschuss", date(2025, 6, 1)) is None


def test_a_step_put_off_earlier_is_held_by_the_gremiums_next_session():
    """vertagt at the last dated session of the Gremium: any later session holds it; not an
    earlier one, nor a later one when the Vorlage is already planned for a date after."""
    from datetime import date

    from pipeline.schema import Draft
    from pipeline.sitzung import step_for, vertagt

    def draft(*steps):
        return Draft.model_validate({"vorlagenart": "Beschlussvorlage", "amt": "A",
                                     "datum": "01.01.2025", "betreff": "B",
                                     "beratungsfolge": list(steps)})

    put_off = draft({"gremium": "Rat", "sitzung": "05.05.2025", "ergebnis": "vertagt"})
    assert vertagt(step_for(put_off, "Rat", date(2025, 6, 1)))
    assert step_for(put_off, "Rat", date(2025, 5, 1)) is None
    assert step_for(put_off, "Bauausschuss", date(2025, 6, 1)) is None
    decided = draft({"gremium": "Rat", "sitzung": "05.05.2025", "ergebnis": "beschlossen"})
    assert step_for(decided, "Rat", date(2025, 6, 1)) is None
    replanned = draft({"gremium": "Rat", "sitzung": "05.05.2025", "ergebnis": "vertagt"},
                      {"gremium": "Rat", "sitzung": "07.07.2025"})
    assert step_for(replanned, "Rat", date(2025, 6, 1)) is None
    assert step_for(replanned, "Rat", date(2025, 7, 7)).sitzung == date(2025, 7, 7)




def test_candidates_undated_and_put_off_and_the_check_accepts_both(session_project):
    from pipeline.sitzung import candidates, load_session, session_status
    from pipeline.records import Register

    root = session_project.root
    drafts = {"offen": "", "vertagt": "    sitzung: 02.07.2020\n    ergebnis: vertagt\n",
              "beschlossen": "    sitzung: 02.07.2020\n    ergebnis: beschlossen\n",
              "spaeter": "    sitzung: 01.10.2020\n",
              "heute_vertagt": "    sitzung: 03.09.2020\n    ergebnis: vertagt\n"}
    for name, step in drafts.items():
        (root / "drafts" / f"{name}.yaml").write_text(
            planned_draft(f"Vorlage {name}", step=step), encoding="utf-8")
    path = root / "sitzungen" / "rat.yaml"
    session = load_session(path, session_project)
    found = candidates(session, sorted((root / "drafts").glob("*.yaml")), session_project)
    by_name = {c.path.stem: c for c in found}
    assert sorted(by_name) == ["offen", "vertagt"]  # decided, later, dealt with today: no
    assert by_name["offen"].termin_offen and by_name["offen"].vertagt_am is None
    assert f"{by_name['vertagt'].vertagt_am:%d.%m.%Y}" == "02.07.2020"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "nichtoeffentlicher_teil:",
        "  - vorlage: drafts/offen.yaml\n  - vorlage: drafts/vertagt.yaml\n"
        "  - vorlage: drafts/beschlossen.yaml\nnichtoeffentlicher_teil:"), encoding="utf-8")
    session = load_session(path, session_project)
    refused = [p.message for p in session.problems]
    assert len(refused) == 1 and "Vorlage beschlossen" in refused[0]  # the decided one
    with Register(session_project.register_path) as reg:
        hints = {r.vorlage: r.hinweis for r in session_status(session, session_project, reg)}
    assert hints["drafts/vertagt.yaml"] == ("vertagt in der Sitzung vom 02.07.2020; es gilt "
                                            "die Frist dieser Sitzung")
    assert hints["drafts/offen.yaml"].startswith("Termin in der Beratungsfolge offen")
    assert candidates(session, sorted((root / "drafts").glob("*.yaml")), session_project) == []


def test_session_gremium_from_the_managed_list_with_its_deadline(session_project):
    from pipeline.project import Project
    from pipeline.sitzung import deadline, load_session

    root = session_project.root
    (root / "gremien.yaml").write_text(
        "gremien:\n  - name: Rat der Stadt Bielefeld\n    kurz: Rat\n    frist_tage: 30\n"
        "  - name: Integrationsrat\n", encoding="utf-8")
    (root / "sitzungen" / "ir.yaml").write_text(
        SESSION.replace("gremium: Rat der Stadt Bielefeld", "gremium: Integrationsrath"),
        encoding="utf-8")
    project = Project.find(root)
    rat = load_session(root / "sitzungen" / "rat.yaml", project)
    assert (rat.data.datum - deadline(rat)).days == 30  # gremien.yaml's, not haus.yaml's 21
    typo = load_session(root / "sitzungen" / "ir.yaml", project)
    found = [str(p) for p in typo.problems if "Integrationsrath" in p.message]
    assert found and "meinten Sie „Integrationsrat“?" in found[0] and found[0].startswith(
        "sitzungen/ir.yaml:")
