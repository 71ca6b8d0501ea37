"""Who has a draft open, and the preview queue that drops what a newer preview overtook."""

import threading
import time

from pipeline.web.live import PRESENT_SECONDS, Presence, PreviewQueue


def test_presence_names_the_others_and_forgets_closed_pages():
    now = [1000.0]
    presence = Presence(clock=lambda: now[0])
    presence.seen("a.yaml", "p1", "anna", "Anna Berg")
    presence.seen("a.yaml", "p2", "sd", "Silke Dienst")
    presence.seen("a.yaml", "p3", "anna", "Anna Berg")
    assert presence.others("a.yaml", "p1", "anna") == ["Sie selbst in einem anderen Fenster",
                                                      "Silke Dienst"]
    assert presence.others("b.yaml", "p1", "anna") == []
    presence.gone("a.yaml", "p3")
    assert presence.others("a.yaml", "p1", "anna") == ["Silke Dienst"]
    now[0] += PRESENT_SECONDS + 1  # Silke's tab went quiet
    presence.seen("a.yaml", "p1", "anna", "Anna Berg")
    assert presence.others("a.yaml", "p1", "anna") == []


def test_a_preview_overtaken_while_waiting_is_dropped_and_users_do_not_wait_for_each_other():
    queue, results, started = PreviewQueue(), {}, threading.Event()
    release = threading.Event()

    def preview(konto, page, number, hold=False):
        with queue.turn(konto, page, number) as waited:
            results[(konto, number)] = waited
            if hold and waited is not None:
                started.set()
                release.wait(5)

    first = threading.Thread(target=preview, args=("anna", "p", 1, True))
    first.start()
    assert started.wait(5)
    second = threading.Thread(target=preview, args=("anna", "p", 2))
    second.start()
    time.sleep(0.1)  # the second waits for the first …
    third = threading.Thread(target=preview, args=("anna", "p", 3))
    third.start()
    time.sleep(0.1)  # … and the third overtakes it
    other = threading.Thread(target=preview, args=("sd", "q", 1))
    other.start()
    other.join(2)
    assert results[("sd", 1)] is not None  # another user's preview did not wait for Anna's
    release.set()
    for t in (first, second, third):
        t.join(5)
    assert results[("anna", 1)] is not None and results[("anna", 3)] is not None
    assert results[("anna", 2)] is None
    with queue.turn("anna", "p", 2) as waited:  # older than the newest on arrival
        assert waited is None
