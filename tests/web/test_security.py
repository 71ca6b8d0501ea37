"""The pieces of request security: Host headers, this machine's addresses, secrets."""

from pipeline.web.security import host_name, local_address, same_secret


def test_host_header_parsing():
    assert host_name("127.0.0.1:8765") == "127.0.0.1"
    assert host_name("[::1]:8765") == host_name("[::1]") == "::1"
    assert host_name("[0:0:0:0:0:0:0:1]:80") == "::1"
    assert host_name("LocalHost.:80") == host_name("localhost") == "localhost"
    assert host_name("rathaus-pc:8765") == "rathaus-pc"
    for broken in ("", "[::1", "::1", "[::1]x", "host:port", "a b", "[evil.example]:80",
                   "host:80:80", "h\xf6st", ":80"):
        assert host_name(broken) is None, broken


def test_only_addresses_of_this_machine_are_local():
    assert local_address("127.0.0.1")
    assert not local_address("198.51.100.7")  # TEST-NET-2, nobody's interface
    assert not local_address("evil.example") and not local_address("")


def test_secrets_compare_in_any_script():
    assert same_secret("gehéim", "gehéim") and not same_secret("gehéim", "geheim")
    assert not same_secret("\ud800", "x")  # a lone surrogate from JSON does not raise
