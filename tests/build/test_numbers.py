"""The number a build prints, and the sign-offs a final number waits for."""

import re

from helpers import MINIMAL, final_pdf, pdf_text, run

COSTS = MINIMAL + """\
finanzen:
  haushalt:
    haushaltsjahr: 2024
    bedarf: 54000
    haushaltsansatz: 40000
"""


def test_kaemmerei_must_sign_off_costs(project, write_draft):
    write_draft("teuer.yaml", COSTS)
    refused = run(["build", "--final", "drafts/teuer.yaml"], project.root)
    assert refused.returncode == 1
    assert "mitzeichnung: Mitzeichnung fehlt: Kämmerei (nicht eingetragen)" in refused.stderr
    write_draft("teuer.yaml", COSTS + "mitzeichnung:\n  - stelle: Kämmerei\n"
                "  - stelle: Rechtsamt\n    status: erteilt\n")
    refused = run(["build", "--final", "drafts/teuer.yaml"], project.root)
    assert "Mitzeichnung fehlt: Kämmerei (offen)" in refused.stderr
    assert run(["number"], project.root).stdout.startswith("Register ist leer")  # no number
    write_draft("teuer.yaml", COSTS + "mitzeichnung:\n  - stelle: Kämmerei\n    status: "
                "erteilt\n    name: K. Kasse\n    datum: 05.02.2024\n")
    built = run(["build", "--final", "drafts/teuer.yaml"], project.root)
    assert built.returncode == 0, built.stderr
    text = pdf_text(final_pdf(project))
    assert "Mitzeichnung" in text and "K. Kasse" in text
    assert run(["build", "drafts/teuer.yaml"], project.root).returncode == 0  # drafts need none


def test_a_rule_on_a_declared_field_asks_for_its_sign_off(project, write_draft):
    """`mitzeichnung.wenn: {feld: klimarelevanz, ist: ja}` in the house style."""
    from helpers import DECLARED_DRAFT, declared_style

    declared_style(project.root / "templates")
    unsigned = DECLARED_DRAFT.replace("mitzeichnung:\n  - {stelle: Umweltamt, status: erteilt}\n",
                                      "")
    write_draft("klima.yaml", unsigned)
    refused = run(["build", "--final", "drafts/klima.yaml"], project.root)
    assert refused.returncode == 1
    assert "Mitzeichnung fehlt: Umweltamt (nicht eingetragen)" in refused.stderr
    write_draft("klima.yaml", unsigned.replace("{wahl: ja, text: Bäume spenden Schatten}",
                                               "nein"))
    built = run(["build", "--final", "drafts/klima.yaml"], project.root)
    assert built.returncode == 0, built.stdout + built.stderr


def test_final_numbers_are_stable_and_continue(project, write_draft):
    write_draft("a.yaml")
    write_draft("b.yaml", MINIMAL.replace("Testgeräten", "Stühlen"))
    first = run(["build", "--final", "drafts"], project.root)
    assert first.returncode == 0, first.stderr
    second = run(["build", "--final", "drafts"], project.root)
    assert second.returncode == 0, second.stderr
    numbers = lambda out: sorted(re.findall(r"drafts/(\w)\.yaml: (\S+) ->", out))  # noqa: E731
    assert numbers(first.stdout) == numbers(second.stdout) == [("a", "2024/0001"),
                                                               ("b", "2024/0002")]
    write_draft("c.yaml", MINIMAL.replace("Testgeräten", "Tischen"))
    third = run(["build", "--final", "drafts"], project.root)
    assert numbers(third.stdout)[-1] == ("c", "2024/0003")
    final = project.output_dir / "archiv" / "2024" / "2024-0003.pdf"
    text = pdf_text(final)
    assert "Tischen" in text and "ENTWURF" not in text
    listing = run(["number"], project.root).stdout
    assert [line.split()[0] for line in listing.splitlines()] == ["2024/0001", "2024/0002",
                                                                   "2024/0003"]


def test_numbers_restart_each_year(project, write_draft):
    write_draft("a.yaml")
    write_draft("b.yaml", MINIMAL.replace("01.02.2024", "05.01.2025")
                .replace("01.03.2024", "01.03.2025").replace("15.03.2024", "15.03.2025"))
    result = run(["build", "--final", "drafts"], project.root)
    assert result.returncode == 0, result.stderr
    assert "drafts/a.yaml: 2024/0001" in result.stdout
    assert "drafts/b.yaml: 2025/0001" in result.stdout
