"""The small pieces of request security shared by the app and the sign-in: which host a
request names, comparing secrets in constant time, refusing foreign origins."""

from __future__ import annotations

import functools
import hmac
import ipaddress
import re
import socket

from flask import abort, request

SESSION_COOKIE = "vorlage_sitzung"
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
_HOST = re.compile(r"(\[[^\]]*\]|[^:\[\]]*)(?::[0-9]*)?", re.ASCII)
_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*", re.ASCII)


def host_name(header: str) -> str | None:
    """The host of a Host header (`name`, `name:port`, `[v6]:port`): lower case, addresses
    in their canonical form (`[0:0::1]` is `::1`); None for anything else."""
    match = _HOST.fullmatch(header)
    if not match:
        return None
    host = match.group(1)
    if host.startswith("["):
        try:
            return str(ipaddress.IPv6Address(host[1:-1]))
        except ValueError:
            return None
    host = host.lower().removesuffix(".")
    if not _NAME.fullmatch(host):
        return None
    try:
        return str(ipaddress.IPv4Address(host))
    except ValueError:
        return host


@functools.lru_cache(maxsize=256)
def local_address(host: str) -> bool:
    """Whether `host` is an address of one of this machine's interfaces: only those can be
    bound to. (A rebinding attack names a host, never one of our addresses.)"""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.bind((host, 0))
        return True
    except OSError:
        return False


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison of any text: compare_digest refuses non-ASCII str."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"),
                               expected.encode("utf-8", "surrogatepass"))


def same_origin() -> None:
    origin = request.headers.get("Origin")
    if origin and origin.rstrip("/") != request.host_url.rstrip("/"):
        abort(403, "fremder Ursprung")

