"""The register's account of an Aussonderung: offered, appraised, handed over with its
files, confirmed; only confirmed files count as gone to the archive."""

from pipeline.records import Register
from pipeline.records.handover import Handover


def test_each_step_is_recorded_and_only_confirmed_files_may_go(tmp_path):
    with Register(tmp_path / "r.sqlite") as register:
        store = Handover(register)
        store.offer("p1", 2020, "sd", [("a", "vorlage", "2020/1", "Eins"),
                                       ("b", "vorlage", "2020/2", "Zwei"),
                                       ("n", "niederschriften", "NS Rat 2020", "NS")])
        assert [o.objekt_id for o in store.objects("p1")] == ["a", "b", "n"]
        store.hand_over("p1", "sd", {"a": "A", "b": "V", "n": "A"},
                        [("a", "2020/2020-1.pdf", "s1", "a_1.pdf", "A"),
                         ("a", "2020/2020-1.oeffentlich.pdf", "s3", "", "V"),
                         ("n", "2020/niederschriften/rat.pdf", "s2", "n_rat.pdf", "A")])
        objects = {o.objekt_id: o for o in store.objects("p1")}
        assert objects["b"].bewertung == "V" and objects["b"].abgegeben is None
        assert objects["a"].abgegeben and objects["n"].abgegeben
        assert store.confirmed_files() == {}
        store.received("p1")  # the package arrived: nothing may go for that alone
        assert store.confirmed_files() == {} and store.process("p1").empfangen
        store.confirm("p1", {"a": "Best. 1 Nr. 1", "b": None})  # b was never handed over
        confirmed = store.confirmed_files()
        assert list(confirmed) == ["2020/2020-1.pdf"]  # not the document it did not keep
        assert {o.objekt_id: o.archivkennung for o in store.objects("p1")}["a"] == \
            "Best. 1 Nr. 1"
        assert {o.objekt_id: o.bestaetigt for o in store.objects("p1")}["b"] is None
        store.confirm("p1", {"a": None})  # a later message keeps the Archivkennung
        assert store.objects("p1")[0].archivkennung == "Best. 1 Nr. 1"
        store.removed(confirmed["2020/2020-1.pdf"], "registratur")
        gone = store.confirmed_files()["2020/2020-1.pdf"]
        assert gone.entfernt and gone.entfernt_von == "registratur"
        (process,) = store.processes(2020)
        assert process.bestaetigt and process.abgegeben_von == "sd"
        assert store.processes(2019) == []
