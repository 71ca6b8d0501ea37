"""Saving over HTTP as the form does: only what changed is written, two people's saves never
lose each other's work, every draft of the repository survives an untouched save."""

import difflib
import html
import itertools
import json
import re
import shutil
import threading

import pytest
import yaml

from helpers import REPO, run
from webclient import Client

KEMPTEN = "kempten-2020-53-037.yaml"
# Every draft of the repository, with those that cannot be read at all left out.
REPOSITORY_DRAFTS = sorted([*REPO.glob("drafts/*.yaml"), *REPO.glob("tests/bad_drafts/*.yaml"),
                            *REPO.glob("tests/records/legacy/drafts/*.yaml")])


def opened(client, name):
    """(data, version) of the draft as the editor page hands them to the form."""
    status, page = client.request(f"/entwurf/{name}")
    assert status == 200, page[:300]
    data = json.loads(html.unescape(re.search(
        r'<script type="application/json" id="daten">(.*?)</script>', page, re.S).group(1)))
    stand = re.search(r'data-stand="([0-9a-f]+)"', page).group(1)
    return data, stand


def save(client, name, basis, stand, data, **extra):
    body = json.dumps({"name": name, "basis": basis, "stand": stand, "data": data, **extra})
    status, text = client.post("/api/speichern", json_body=body.encode())
    return status, json.loads(text)


def signed_in(url, name):
    client = Client(url)
    client.sign_in(name)
    return client


def lines_changed(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_two_people_changing_different_fields_both_keep_their_work_in_any_order(site):
    root, url = site
    path = root / "drafts" / KEMPTEN
    original = path.read_text(encoding="utf-8")
    people = {"anna": ("verantwortlich", "Erika Muster"), "sd": ("aktenzeichen", "51.2-2026")}
    clients = {name: signed_in(url, name) for name in people}
    events = [(who, what) for who in people for what in ("öffnen", "speichern")]
    orders = [o for o in itertools.permutations(events)
              if all(o.index((w, "öffnen")) < o.index((w, "speichern")) for w in people)]
    assert len(orders) == 6
    for order in orders:
        path.write_text(original, encoding="utf-8")
        seen = {}
        for who, what in order:
            if what == "öffnen":
                seen[who] = opened(clients[who], KEMPTEN)
                continue
            basis, stand = seen[who]
            field, value = people[who]
            status, answer = save(clients[who], KEMPTEN, basis, stand, {**basis, field: value})
            assert status == 200 and answer["gespeichert"], (order, answer)
        text = path.read_text(encoding="utf-8")
        assert "verantwortlich: Erika Muster\n" in text and "aktenzeichen: 51.2-2026" in text
        assert len(lines_changed(original, text)) <= 4, order  # the two fields, nothing else


def test_the_same_field_changed_twice_is_refused_with_both_versions_and_then_chosen(site):
    root, url = site
    path = root / "drafts" / KEMPTEN
    anna, sd = signed_in(url, "anna"), signed_in(url, "sd")
    basis_a, stand_a = opened(anna, KEMPTEN)
    basis_s, stand_s = opened(sd, KEMPTEN)
    status, _ = save(sd, KEMPTEN, basis_s, stand_s, {**basis_s, "verantwortlich": "Silke"})
    assert status == 200
    after_first = path.read_text(encoding="utf-8")
    status, answer = save(anna, KEMPTEN, basis_a, stand_a, {**basis_a, "verantwortlich": "Anna"})
    assert status == 409 and answer["konflikt"] == [
        {"feld": "verantwortlich", "ihre": "Anna", "gespeichert": "Silke"}]
    assert answer["von"] == "Silke Dienst" and answer["daten"]["verantwortlich"] == "Silke"
    assert path.read_text(encoding="utf-8") == after_first  # nothing was overwritten
    # Anna decides for her version, having seen the other: that version, and only that.
    status, _ = save(anna, KEMPTEN, basis_a, stand_a, {**basis_a, "verantwortlich": "Anna"},
                     ueberschreiben=answer["stand"])
    assert status == 200 and "verantwortlich: Anna\n" in path.read_text(encoding="utf-8")
    # A decision made on a version that has changed again is asked once more.
    basis_s, stand_s = opened(sd, KEMPTEN)
    save(sd, KEMPTEN, basis_s, stand_s, {**basis_s, "verantwortlich": "Silke 2"})
    status, again = save(anna, KEMPTEN, basis_a, stand_a, {**basis_a, "verantwortlich": "A"},
                         ueberschreiben=answer["stand"])
    assert status == 409 and again["konflikt"][0]["gespeichert"] == "Silke 2"


def test_saves_at_the_same_moment_are_all_kept(site):
    root, url = site
    fields = ["verantwortlich", "aktenzeichen", "bezug", "amt_kennziffer"]
    people = [signed_in(url, "sd") for _ in fields]
    opened_ = [opened(c, KEMPTEN) for c in people]
    answers, start = [], threading.Barrier(len(people))

    def one(client, field, seen):
        start.wait()
        answers.append(save(client, KEMPTEN, seen[0], seen[1], {**seen[0], field: "X-" + field}))
    threads = [threading.Thread(target=one, args=args) for args in zip(people, fields, opened_,
                                                                         strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert [status for status, _ in answers] == [200] * len(fields)
    saved = yaml.safe_load((root / "drafts" / KEMPTEN).read_text(encoding="utf-8"))
    assert {f: saved[f] for f in fields} == {f: "X-" + f for f in fields}


@pytest.fixture
def all_drafts(site):
    """The site with every draft of the repository in its drafts folder, and a scaffold of
    every house style's Vorlagenarten as `vorlage new` writes them."""
    root, url = site
    names = []
    for i, draft in enumerate(REPOSITORY_DRAFTS):
        name = f"repo-{i:02d}-{draft.name}"
        shutil.copyfile(draft, root / "drafts" / name)
        names.append(name)
    for anlagen in (REPO / "tests" / "bad_drafts").glob("anlagen"):
        shutil.copytree(anlagen, root / "drafts" / "anlagen", dirs_exist_ok=True)
    for style in ("standard", "bielefeld", "bottrop", "kempten", "waiblingen"):
        made = run(["new", f"drafts/geruest-{style}.yaml", "--hausstil", style], root)
        assert made.returncode == 0, made.stderr
        names.append(f"geruest-{style}.yaml")
    return root, url, names


def test_every_draft_saved_untouched_stays_byte_identical(all_drafts):
    root, url, names = all_drafts
    client = signed_in(url, "sd")
    for name in names:
        path = root / "drafts" / name
        before = path.read_bytes()
        data, stand = opened(client, name)
        status, answer = save(client, name, data, stand, data)
        assert status in (200, 409), (name, answer)  # 409: a file the server cannot read
        assert path.read_bytes() == before, name


def test_one_changed_word_in_a_begruendung_is_a_one_line_diff(all_drafts):
    root, url, names = all_drafts
    client = signed_in(url, "sd")
    tried = 0
    for name in names:
        data, stand = opened(client, name)
        text = data.get("begruendung")
        word = re.search(r"\b[A-Za-zäöüß]{6,}\b", text) if isinstance(text, str) else None
        if word is None or "«" in text:
            continue
        path = root / "drafts" / name
        before = path.read_text(encoding="utf-8")
        changed = text[:word.start()] + "Wortwechsel" + text[word.end():]
        status, answer = save(client, name, data, stand, {**data, "begruendung": changed})
        if status == 422 and "Amt" in answer["fehler"][0]:
            assert path.read_text(encoding="utf-8") == before  # an Amt not in the list
            continue
        assert status == 200, (name, answer)
        diff = lines_changed(before, path.read_text(encoding="utf-8"))
        assert len(diff) == 2 and "Wortwechsel" in diff[1], (name, diff)
        tried += 1
    assert tried >= 5


def test_removing_the_last_anlage_of_a_scaffold_keeps_valid_yaml(site):
    root, url = site
    assert run(["new", "drafts/anlagen-weg.yaml"], root).returncode == 0
    client = signed_in(url, "sd")
    data, stand = opened(client, "anlagen-weg.yaml")
    one = {**data, "amt": "53 Amt für Integration",
           "anlagen": [{"titel": "Plan", "datei": "anlagen/plan.pdf"}]}
    status, answer = save(client, "anlagen-weg.yaml", data, stand, one)
    assert status == 200
    status, answer = save(client, "anlagen-weg.yaml", answer["daten"], answer["stand"],
                          {**answer["daten"], "anlagen": []})
    assert status == 200, answer
    text = (root / "drafts" / "anlagen-weg.yaml").read_text(encoding="utf-8")
    assert "anlagen: []" in text
    assert opened(client, "anlagen-weg.yaml")[0]["anlagen"] == []  # it opens again
    checked = run(["check", "drafts/anlagen-weg.yaml"], root)
    assert "YAML" not in checked.stdout + checked.stderr


def test_an_ambiguous_amount_is_kept_as_typed_and_refused_by_the_same_rule_as_the_cli(site):
    root, url = site
    # the standard style's form has Bottrop's rows (Waiblingen's own form has other ones)
    name = "betrag-mehrdeutig.yaml"
    assert run(["new", f"drafts/{name}"], root).returncode == 0
    client = signed_in(url, "sd")
    data, stand = opened(client, name)
    finanzen = {**data.get("finanzen", {}), "haushalt": {"bedarf": "85.000"}}
    status, answer = save(client, name, data, stand,
                          {**data, "amt": "53 Amt für Integration", "finanzen": finanzen})
    assert status == 200, answer
    text = (root / "drafts" / name).read_text(encoding="utf-8")
    assert yaml.safe_load(text)["finanzen"]["haushalt"]["bedarf"] == "85.000"
    assert "85,00" not in text
    shown = [p for p in answer["probleme"] if p["feld"] == "finanzen.haushalt.bedarf"]
    assert shown and "mehrdeutig" in shown[0]["meldung"]
    cli = run(["check", f"drafts/{name}"], root)
    assert cli.returncode != 0 and shown[0]["meldung"] in cli.stdout + cli.stderr


def test_presence_names_who_else_has_the_draft_open(site):
    _, url = site
    anna, sd = signed_in(url, "anna"), signed_in(url, "sd")

    def ping(client, page):
        body = json.dumps({"name": KEMPTEN, "data": {}, "seite": page}).encode()
        status, text = client.post("/api/anwesend", json_body=body)
        assert status == 200
        return json.loads(text)
    ping(anna, "a1")
    assert ping(sd, "s1")["andere"] == ["Anna Berg"]
    assert ping(anna, "a1")["andere"] == ["Silke Dienst"]
    stand = opened(sd, KEMPTEN)[1]
    assert ping(anna, "a1")["stand"] == stand
