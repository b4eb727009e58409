"""URL ingestion cannot be turned against the host's network.

Every test here is fenced: ``socket.getaddrinfo`` only answers numeric loopback addresses and
``socket.socket.connect`` refuses anything outside 127.0.0.0/8 and ::1, so no test can send a packet
(not even a DNS query) to another address. Private, link-local and metadata addresses are reached only
through an injected resolver, and the connector used with them fails the test if it is ever called.
"""

from __future__ import annotations

import contextlib
import gzip
import ipaddress
import socket
import socketserver
import ssl
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from statement_lens.errors import InputError, InputTooLargeError, UnsafeURLError
from statement_lens.ingest import UrlPolicy, fetch_url, load_statement
from statement_lens.ingest.url import pinned_connector, system_resolver
from tests.fixtures.ingest.builders import ENGLISH, PNG_1PX, make_pdf

ARTICLE = (
    "<!doctype html><html><head><title>Allies agree to ramp up production</title>"
    '<meta property="og:site_name" content="Example News"></head><body>'
    "<nav>Home | World | Cookie settings</nav><article><h1>Allies agree to ramp up production</h1>"
    f"<p>{ENGLISH}</p></article><footer>All rights reserved</footer></body></html>"
).encode()


def _is_loopback(host: object) -> bool:
    try:
        addr = ipaddress.ip_address(str(host).split("%")[0])
    except ValueError:
        return False
    mapped = getattr(addr, "ipv4_mapped", None)
    return addr.is_loopback or (mapped is not None and mapped.is_loopback)


@pytest.fixture(autouse=True)
def no_packets_leave_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def guarded_getaddrinfo(host, *args, **kwargs):
        if not _is_loopback(host):
            pytest.fail(f"test tried to resolve {host!r} with the real resolver")
        return real_getaddrinfo(host, *args, **kwargs)

    def guarded_connect(self, address):
        if not _is_loopback(address[0]):
            pytest.fail(f"test tried to connect to {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, ctype: str | None, body: bytes, **headers: str) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", headers.pop("length", str(len(body))))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up first, as the time-limit tests expect
            self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self._send(302, "text/plain", b"", Location=location)

    def do_GET(self) -> None:
        path = self.path
        if path == "/article":
            self._send(200, "text/html; charset=utf-8", ARTICLE)
        elif path == "/plain.txt":
            self._send(200, "text/plain", f"Plain headline\n{ENGLISH}".encode())
        elif path == "/doc.pdf":
            self._send(200, "application/pdf", make_pdf(["PDF headline", ENGLISH[:90]]))
        elif path == "/octet":
            self._send(200, "application/octet-stream", make_pdf(["PDF headline", ENGLISH[:90]]))
        elif path == "/image":
            self._send(200, "image/png", PNG_1PX)
        elif path == "/image-as-octet":
            self._send(200, "application/octet-stream", PNG_1PX)
        elif path == "/video":
            self._send(200, "video/mp4", b"\x00\x00\x00\x18ftypmp42")
        elif path == "/echo-host":
            self._send(200, "text/plain", f"Host was {self.headers['Host']}\n{ENGLISH}".encode())
        elif path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(50 * 2**20))
            self.end_headers()
        elif path == "/big-streamed":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"word " * 2000
            try:
                for _ in range(100):
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass  # the client stopped reading, as it should
        elif path == "/gzip":
            self._send(200, "text/html", gzip.compress(ARTICLE), Content_Encoding="gzip")
        elif path == "/gzip-bomb":
            self._send(200, "text/plain", gzip.compress(b" " * (8 * 2**20)), Content_Encoding="gzip")
        elif path == "/slow":
            time.sleep(5)
            self._send(200, "text/plain", ENGLISH.encode())
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"a ")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
        elif path.startswith("/hops/"):
            left = int(path.rsplit("/", 1)[1])
            self._redirect(f"/hops/{left - 1}" if left > 0 else "/article")
        elif path == "/to-private":
            self._redirect("http://10.0.0.7/admin")
        elif path == "/to-metadata":
            self._redirect("http://169.254.169.254/latest/meta-data/iam/")
        elif path == "/to-internal-name":
            self._redirect("http://intranet.corp.example/secret")
        elif path == "/to-file":
            self._redirect("file:///etc/passwd")
        elif path == "/to-mapped-private":
            self._redirect("http://[::ffff:10.0.0.1]/admin")
        elif path == "/missing":
            self._send(404, "text/plain", b"not here")
        else:
            self._send(500, "text/plain", b"unknown route")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that stop reading early (size and time limits) are expected here

    def server_bind(self) -> None:  # skip HTTPServer's getfqdn(): no reverse DNS lookup
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", self.server_address[1]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def local(**overrides: object) -> UrlPolicy:
    """A policy for the local test server: loopback allowed, small limits."""
    values: dict[str, object] = {"allow_loopback": True, "max_bytes": 100_000, "timeout_s": 0.5}
    values.update(overrides)
    return UrlPolicy(**values)  # type: ignore[arg-type]


def table_resolver(table: dict[str, list[str]]):
    calls: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        calls.append(host)
        if host not in table:
            pytest.fail(f"unexpected lookup of {host}")
        return table[host]

    resolve.calls = calls  # type: ignore[attr-defined]
    return resolve


def forbidden_connector(ip: str, port: int, host: str, tls: bool, timeout: float):
    pytest.fail(f"connector called for {host} at {ip}: the address should have been refused first")


# --- fetches that work -----------------------------------------------------------------------------


def test_fetches_an_article_from_an_allowed_server(server: str) -> None:
    statement = load_statement(f"{server}/article", url_policy=local())
    assert statement.media_type == "text/html"
    assert statement.title == "Allies agree to ramp up production"
    assert "Cookie" not in statement.text and "Jens Stoltenberg" in statement.text
    assert statement.source == "Example News"
    assert statement.origin == f"{server}/article"


@pytest.mark.parametrize(
    ("route", "media_type"),
    [
        ("/plain.txt", "text/plain"),
        ("/doc.pdf", "application/pdf"),
        ("/octet", "application/pdf"),
        ("/gzip", "text/html"),
    ],
)
def test_fetches_text_pdf_untyped_and_gzipped_documents(server: str, route: str, media_type: str) -> None:
    statement = load_statement(server + route, url_policy=local())
    assert statement.media_type == media_type
    assert "Stoltenberg" in statement.text


def test_connects_to_the_checked_address_and_sends_the_host_name(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    resolver = table_resolver({"statement.test": ["127.0.0.1"]})
    result = fetch_url(f"http://statement.test:{port}/echo-host", local(resolver=resolver))
    assert result.content.startswith(f"Host was statement.test:{port}".encode())
    assert resolver.calls == ["statement.test"]  # resolved once; the connection used the pinned IP


def test_follows_up_to_five_redirects_rechecking_each(server: str) -> None:
    result = fetch_url(f"{server}/hops/4", local())
    assert len(result.redirects) == 5
    assert result.url == f"{server}/article"


def test_public_host_is_fetched_through_a_pinned_connection_with_mocked_network() -> None:
    opened: list[tuple[str, int, str, bool]] = []

    class Response:
        status, reason = 200, "OK"

        def __init__(self) -> None:
            self._body = [f"Headline of the day\n{ENGLISH}".encode(), b""]

        def getheader(self, name: str) -> str | None:
            return {"Content-Type": "text/plain; charset=utf-8"}.get(name)

        def read(self, amt: int | None = None) -> bytes:
            return self._body.pop(0)

    class Connection:
        def request(self, method: str, url: str, body: None = None, headers: dict | None = None) -> None:
            assert (method, url) == ("GET", "/news/1?x=2")

        def getresponse(self) -> Response:
            return Response()

        def set_timeout(self, seconds: float) -> None:
            assert 0 < seconds <= 15

        def close(self) -> None:
            pass

    def connector(ip: str, port: int, host: str, tls: bool, timeout: float) -> Connection:
        opened.append((ip, port, host, tls))
        return Connection()

    resolver = table_resolver({"www.news.example": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]})
    policy = UrlPolicy(resolver=resolver, connector=connector)
    statement = load_statement("https://www.news.example/news/1?x=2", url_policy=policy)
    assert opened == [("93.184.216.34", 443, "www.news.example", True)]
    assert statement.source == "news.example"
    assert statement.title == "Headline of the day"


# --- refusals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/article",
        "http://127.1.2.3/",
        "http://[::1]:9/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
    ],
)
def test_default_policy_refuses_loopback_and_unspecified_addresses(url: str) -> None:
    with pytest.raises(UnsafeURLError, match="public internet addresses"):
        fetch_url(url, UrlPolicy(connector=forbidden_connector))


def test_default_policy_refuses_the_local_test_server(server: str) -> None:
    with pytest.raises(UnsafeURLError, match="loopback"):
        load_statement(f"{server}/article")


def test_localhost_name_is_refused_by_what_it_resolves_to() -> None:
    policy = UrlPolicy(
        resolver=table_resolver({"localhost": ["127.0.0.1", "::1"]}), connector=forbidden_connector
    )
    with pytest.raises(UnsafeURLError, match=r"localhost \(resolves to 127.0.0.1\).*loopback"):
        fetch_url("http://localhost:8501/", policy)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("10.0.0.5", "private"),
        ("172.16.3.4", "private"),
        ("192.168.0.10", "private"),
        ("169.254.169.254", "metadata"),
        ("169.254.10.1", "link-local"),
        ("100.100.100.200", "metadata"),
        ("100.64.1.1", "not a public"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("fe80::1", "link-local"),
        ("fd00:ec2::254", "metadata"),
        ("fc00::5", "private"),
        ("::ffff:192.168.0.1", "private"),
        ("::ffff:169.254.169.254", "metadata"),
        ("2002:a00:1::1", "private"),  # 6to4 carrying 10.0.0.1
    ],
)
def test_hostname_resolving_to_a_forbidden_address_is_refused_before_connecting(
    address: str, reason: str
) -> None:
    policy = UrlPolicy(resolver=table_resolver({"evil.example": [address]}), connector=forbidden_connector)
    with pytest.raises(UnsafeURLError, match=reason):
        fetch_url("https://evil.example/page", policy)


def test_every_resolved_address_is_checked_not_just_the_first() -> None:
    resolver = table_resolver({"mixed.example": ["93.184.216.34", "10.0.0.1"]})
    with pytest.raises(UnsafeURLError, match=r"10\.0\.0\.1"):
        fetch_url("http://mixed.example/", UrlPolicy(resolver=resolver, connector=forbidden_connector))


@pytest.mark.parametrize(
    ("route", "words"),
    [
        ("/to-private", "10.0.0.7"),
        ("/to-metadata", "metadata"),
        ("/to-internal-name", "192.168.1.20"),
        ("/to-file", "Only http"),
        ("/to-mapped-private", "private network address .inside the IPv6"),
    ],
)
def test_redirect_from_an_allowed_server_to_a_forbidden_target_is_refused(
    server: str, route: str, words: str
) -> None:
    resolver = table_resolver({"intranet.corp.example": ["192.168.1.20"]})
    with pytest.raises(UnsafeURLError, match=words):
        fetch_url(server + route, local(resolver=resolver))


def test_redirect_from_a_public_host_to_a_private_address_is_refused() -> None:
    class Redirect:
        status, reason = 302, "Found"

        def getheader(self, name: str) -> str | None:
            return {"Location": "http://192.168.0.1/router"}.get(name)

        def read(self, amt: int | None = None) -> bytes:
            return b""

    class Connection:
        def request(self, *args: object, **kwargs: object) -> None:
            pass

        def getresponse(self) -> Redirect:
            return Redirect()

        def set_timeout(self, seconds: float) -> None:
            pass

        def close(self) -> None:
            pass

    seen: list[str] = []

    def connector(ip: str, port: int, host: str, tls: bool, timeout: float) -> Connection:
        seen.append(ip)
        return Connection()

    policy = UrlPolicy(resolver=table_resolver({"news.example": ["93.184.216.34"]}), connector=connector)
    with pytest.raises(UnsafeURLError, match=r"192\.168\.0\.1"):
        fetch_url("http://news.example/story", policy)
    assert seen == ["93.184.216.34"]


def test_more_than_five_redirects_are_refused(server: str) -> None:
    with pytest.raises(UnsafeURLError, match="more than 5 times"):
        fetch_url(f"{server}/hops/5", local())


@pytest.mark.parametrize(
    ("route", "words"),
    [("/image", "returned an image"), ("/video", "returned a video"), ("/image-as-octet", "PNG image")],
)
def test_url_returning_an_image_or_video_is_refused(server: str, route: str, words: str) -> None:
    with pytest.raises(InputError, match=words):
        load_statement(server + route, url_policy=local())


def test_url_that_times_out_is_refused_quickly(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(UnsafeURLError, match="time limit"):
        fetch_url(f"{server}/slow", local(timeout_s=0.3))
    assert time.monotonic() - started < 3.0  # the server would take 5 s


def test_slow_trickle_is_stopped_by_the_total_time_limit(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(UnsafeURLError, match="time limit"):
        fetch_url(f"{server}/trickle", local(timeout_s=0.4))
    assert time.monotonic() - started < 3.0  # the server would take 5 s


@pytest.mark.parametrize("route", ["/big-declared", "/big-streamed", "/gzip-bomb"])
def test_response_larger_than_the_limit_is_refused(server: str, route: str) -> None:
    with pytest.raises(InputTooLargeError, match="MAX_URL_BYTES"):
        fetch_url(server + route, local(timeout_s=5))


def test_http_error_status_is_reported(server: str) -> None:
    with pytest.raises(InputError, match="HTTP 404"):
        fetch_url(f"{server}/missing", local())


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://example.org/file.txt", "Only http"),
        ("file:///etc/passwd", "Only http"),
        ("gopher://127.0.0.1:70/", "Only http"),
        ("http://user:secret@example.org/", "user name or password"),
        ("http:///no-host", "no host"),
        ("http://example.org:99999/", "not a valid URL"),
    ],
)
def test_malformed_or_non_http_urls_are_refused(url: str, words: str) -> None:
    with pytest.raises(InputError, match=words):
        fetch_url(url, UrlPolicy(resolver=table_resolver({}), connector=forbidden_connector))


def test_system_resolver_returns_numeric_addresses_without_dns() -> None:
    assert system_resolver("127.0.0.1", 80) == ["127.0.0.1"]


def test_https_connections_verify_the_certificate_against_the_host_name() -> None:
    conn = pinned_connector("93.184.216.34", 443, "news.example", True, 5.0)
    context = conn._context  # type: ignore[attr-defined]
    assert conn.host == "news.example"
    assert context.check_hostname is True
    assert context.verify_mode == ssl.CERT_REQUIRED


def test_https_to_a_server_without_tls_fails_with_a_clear_error(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    resolver = table_resolver({"statement.test": ["127.0.0.1"]})
    with pytest.raises(InputError, match=r"secure connection to statement\.test failed"):
        fetch_url(f"https://statement.test:{port}/article", local(resolver=resolver))
