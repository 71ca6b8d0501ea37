"""A real OpenLDAP server for tests: `with Slapd(tmp_path) as ldap: ldap.add_person(...)`.

slapd runs in the foreground (-d), so the test owns the process and ends it; configuration,
database and log live in the given folder, so it works as root and as a normal user alike.
"""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

from ldap3 import Connection, Server

SLAPD = "/usr/sbin/slapd"
SCHEMAS = ("core", "cosine", "inetorgperson")

# Passwords may only be used to sign in; everything else is readable, as in many directories.
ACCESS = """\
access to attrs=userPassword by self write by anonymous auth by * none
access to * by * read
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Slapd:
    def __init__(self, folder: Path, suffix: str = "dc=stadt,dc=test", extra_conf: str = "",
                 ldaps: bool = False, access: str = ACCESS):
        """extra_conf: global slapd.conf lines (TLS*, allow ...); ldaps: listen with TLS;
        access: the database's access rules."""
        self.folder = Path(folder)
        self.scheme = "ldaps" if ldaps else "ldap"
        self.base = suffix
        self.rootdn = f"cn=admin,{suffix}"
        self.rootpw = "admin-geheim"
        self.people = f"ou=people,{suffix}"
        self.groups = f"ou=gruppen,{suffix}"
        self.extra_conf = extra_conf
        self.access = access
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.startup_seconds = 0.0

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def __enter__(self) -> Slapd:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, wait: float = 5.0) -> None:
        started = time.monotonic()
        conf = self._write_conf()
        for _ in range(3):  # another process may grab the free port before slapd binds it
            self.port = free_port()
            log = (self.folder / "slapd.log").open("wb")
            self.process = subprocess.Popen(
                [SLAPD, "-f", str(conf), "-h", f"{self.url}/", "-d", "none"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
            log.close()
            if self._wait_listening(wait):
                break
            if "Address already in use" not in self.log():
                raise RuntimeError(f"slapd startet nicht:\n{self.log()}")
        else:
            raise RuntimeError(f"slapd findet keinen freien Port:\n{self.log()}")
        try:
            self._load_tree()
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - started

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        path = self.folder / "slapd.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def admin(self) -> Connection:
        return Connection(Server(self.url), self.rootdn, self.rootpw, auto_bind=True)

    def add(self, dn: str, object_class: str | list[str], **attributes) -> str:
        with self.admin() as conn:
            if not conn.add(dn, object_class, attributes):
                raise RuntimeError(f"{dn}: {conn.result}")
        return dn

    def add_person(self, uid: str, password: str, cn: str | None = None, **attributes) -> str:
        cn = cn or uid
        return self.add(f"uid={uid},{self.people}", "inetOrgPerson", uid=uid, cn=cn,
                        sn=cn.split()[-1], userPassword=password, **attributes)

    def add_group(self, cn: str, members: list[str]) -> str:
        # groupOfNames needs at least one member; the empty DN stands for "nobody".
        return self.add(f"cn={cn},{self.groups}", "groupOfNames", cn=cn, member=members or [""])

    def _write_conf(self) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "db").mkdir(exist_ok=True)
        lines = [f"include /etc/ldap/schema/{name}.schema" for name in SCHEMAS]
        lines += [
            f'pidfile "{self.folder / "slapd.pid"}"',
            f'argsfile "{self.folder / "slapd.args"}"',
            "modulepath /usr/lib/ldap",
            "moduleload back_mdb",
            self.extra_conf,
            "database mdb",
            f'suffix "{self.base}"',
            f'rootdn "{self.rootdn}"',
            f"rootpw {self.rootpw}",
            f'directory "{self.folder / "db"}"',
            self.access,
        ]
        conf = self.folder / "slapd.conf"
        conf.write_text("\n".join(lines) + "\n")
        return conf

    def _wait_listening(self, wait: float) -> bool:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return True
            except OSError:
                time.sleep(0.01)
        self.stop()
        raise RuntimeError(f"slapd antwortet nicht nach {wait} s:\n{self.log()}")

    def _load_tree(self) -> None:
        dc = self.base.split(",")[0].split("=")[1]
        self.add(self.base, ["dcObject", "organization"], dc=dc, o=dc)
        for dn in (self.people, self.groups):
            self.add(dn, "organizationalUnit", ou=dn.split(",")[0].split("=")[1])
