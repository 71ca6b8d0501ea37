"""What signing in and asking costs on the server (not a test): the real `vorlage serve`
(waitress) on a copy of the example project with one account per role.

Measures a sign-in (argon2 verification included), a signed-in page (the accounts database
asked for the session, every draft's rule asked for the list), and the same page from eight
clients at once. Writes bench/server.json.

    python bench/server.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from local_server import VORLAGE, example_copy, local_server, signed_in  # noqa: E402
PASSWORD = "Bench-Passwort-1"


def timed_sign_in(url: str):
    started = time.monotonic()
    opener = signed_in(url, "sd", PASSWORD)
    return opener, time.monotonic() - started


def timed(opener, url: str) -> float:
    started = time.monotonic()
    opener.open(url).read()
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = example_copy(Path(tmp))
        subprocess.run([str(VORLAGE), "user", "add", "sd", "--rolle", "sitzungsdienst"],
                       cwd=root, input=PASSWORD + "\n", text=True, check=True,
                       capture_output=True)
        with local_server(root) as url:
            sign_ins = [timed_sign_in(url)[1] for _ in range(args.runs)]
            opener, _ = timed_sign_in(url)
            pages = {path: [timed(opener, url + path) for _ in range(args.runs)]
                     for path in ("/sitzungen", "/")}
            with ThreadPoolExecutor(8) as pool:
                started = time.monotonic()
                list(pool.map(lambda _: timed(opener, url + "/sitzungen"),
                              range(8 * args.runs)))
                parallel = (time.monotonic() - started) / (8 * args.runs)
    result = {"sign_in_median_s": round(statistics.median(sign_ins), 3),
              "sessions_page_median_s": round(statistics.median(pages["/sitzungen"]), 4),
              "drafts_list_median_s": round(statistics.median(pages["/"]), 3),
              "eight_clients_s_per_request": round(parallel, 4), "runs": args.runs}
    print(f"Anmeldung: Median {result['sign_in_median_s']} s; Sitzungsliste: Median "
          f"{result['sessions_page_median_s']} s; Entwurfsliste (5 Entwürfe, je geprüft): "
          f"Median {result['drafts_list_median_s']} s; 8 Clients gleichzeitig: "
          f"{result['eight_clients_s_per_request']} s je Anfrage ({args.runs} Läufe)")
    (ROOT / "bench" / "server.json").write_text(json.dumps(result, indent=2) + "\n",
                                                encoding="utf-8")


if __name__ == "__main__":
    main()
