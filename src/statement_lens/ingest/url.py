"""Fetch a statement from an http(s) URL without letting the URL reach into the host's network.

Every hop (the first URL and each redirect) is checked the same way:

1. Scheme ``http`` or ``https`` only; no user name or password in the URL.
2. The host name is resolved once, and **every** address it resolves to must pass
   :func:`statement_lens.ingest.addresses.refusal_reason` (no loopback, private, link-local,
   metadata, multicast, reserved or unspecified address, also not inside an IPv6 address).
3. The connection goes to the checked address itself (pinned: no second DNS lookup that could
   answer differently); the ``Host`` header and TLS server name carry the host name.
4. Redirects are followed by hand, at most ``policy.max_redirects``, each one re-checked from step 1.
5. The content type must be a document we read; the body is streamed and the download stops at
   ``policy.max_bytes``; the whole fetch, redirects included, must finish within ``policy.timeout_s``.

Resolver and connector are fields of :class:`UrlPolicy`, so tests can resolve names to any address
without DNS and answer requests without a network.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urljoin, urlsplit

from statement_lens.errors import InputError, InputTooLargeError, UnsafeURLError
from statement_lens.ingest.addresses import parse_ip, refusal_reason
from statement_lens.ingest.limits import MAX_REDIRECTS, MAX_URL_BYTES, URL_TIMEOUT_S

CHUNK = 64 * 1024
REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: Content types a URL may return (others such as images are refused before the body is read).
ALLOWED_CONTENT_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "text/markdown",
        "text/x-markdown",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
)
#: Content types that say nothing; the bytes are then sniffed (and images still refused).
UNTYPED = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/unknown"})


class HttpResponse(Protocol):
    """The part of :class:`http.client.HTTPResponse` the fetcher uses."""

    status: int
    reason: str

    def getheader(self, name: str) -> str | None:
        """Return a header value."""

    def read(self, amt: int | None = None) -> bytes:
        """Read up to ``amt`` bytes of the body."""


class HttpConnection(Protocol):
    """A connection to one already-checked address."""

    def request(self, method: str, url: str, body: None = None, headers: dict[str, str] = ...) -> None:
        """Send a request."""

    def getresponse(self) -> HttpResponse:
        """Wait for the response's status line and headers."""

    def set_timeout(self, seconds: float) -> None:
        """Limit the next blocking socket operation."""

    def close(self) -> None:
        """Close the connection."""


Resolver = Callable[[str, int], Sequence[str]]
Connector = Callable[[str, int, str, bool, float], HttpConnection]


def system_resolver(host: str, port: int) -> list[str]:
    """Resolve ``host`` with the operating system; return each distinct address once.

    Raises:
        InputError: the name does not resolve.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(
            f"The host '{host}' could not be found ({exc}). Check the address, or download the page "
            "and upload the file instead."
        ) from exc
    out: list[str] = []
    for info in infos:
        addr = str(info[4][0])
        if addr not in out:
            out.append(addr)
    return out


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to a fixed IP; ``host`` is only used for the Host header."""

    def __init__(self, ip: str, port: int, host: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)

    def set_timeout(self, seconds: float) -> None:
        if self.sock is not None:
            self.sock.settimeout(max(seconds, 0.001))


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a fixed IP; the certificate is checked against ``host`` (SNI and Host header too)."""

    def __init__(self, ip: str, port: int, host: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._ip = ip

    def connect(self) -> None:
        raw = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]

    def set_timeout(self, seconds: float) -> None:
        if self.sock is not None:
            self.sock.settimeout(max(seconds, 0.001))


def pinned_connector(ip: str, port: int, host: str, tls: bool, timeout: float) -> HttpConnection:
    """Open an HTTP(S) connection to ``ip`` that presents itself as ``host``."""
    if tls:
        return _PinnedHTTPSConnection(ip, port, host, timeout)
    return _PinnedHTTPConnection(ip, port, host, timeout)


@dataclass(frozen=True)
class UrlPolicy:
    """What a URL fetch may do. The defaults are the product's; tests inject their own.

    Attributes:
        allow_loopback: allow 127.0.0.0/8 and ::1 (only for tests against a local server).
        max_bytes: largest body downloaded.
        timeout_s: longest time for the whole fetch, redirects included.
        max_redirects: most redirects followed.
        resolver: host name → addresses (defaults to the operating system's resolver).
        connector: opens a connection to one checked address.
        user_agent: sent with every request.
    """

    allow_loopback: bool = False
    max_bytes: int = MAX_URL_BYTES
    timeout_s: float = URL_TIMEOUT_S
    max_redirects: int = MAX_REDIRECTS
    resolver: Resolver = field(default=system_resolver)
    connector: Connector = field(default=pinned_connector)
    user_agent: str = "statement-lens/0.1 (document fetcher)"


@dataclass(frozen=True)
class FetchResult:
    """A downloaded document."""

    url: str  # the final URL, after redirects
    host: str
    content: bytes
    content_type: str
    charset: str | None
    redirects: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Target:
    url: str
    host: str
    port: int
    tls: bool
    path: str


def _parse(url: str) -> _Target:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise InputError(f"'{url}' is not a valid URL ({exc}). Check it and try again.") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeURLError(
            f"Only http:// and https:// URLs are fetched, not '{scheme or 'no scheme'}:' ({url}). "
            "Give the web address of the page, or upload the file."
        )
    if parts.username is not None or parts.password is not None:
        raise UnsafeURLError("URLs with a user name or password are not fetched. Remove the 'user@' part.")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise InputError(
            f"The URL '{url}' has no host name. Give a full address such as https://example.org/page."
        )
    if parse_ip(host) is None:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise InputError(f"The host name '{host}' is not valid. Check the URL.") from exc
    tls = scheme == "https"
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return _Target(url=url.strip(), host=host, port=port or (443 if tls else 80), tls=tls, path=path)


def check_addresses(host: str, port: int, policy: UrlPolicy) -> list[str]:
    """Resolve ``host`` and return its addresses when every one of them is allowed.

    Raises:
        UnsafeURLError: any address is refused.
        InputError: the host does not resolve.
    """
    literal = parse_ip(host)
    addresses = [str(literal)] if literal is not None else list(policy.resolver(host, port))
    if not addresses:
        raise InputError(f"The host '{host}' has no address. Check the URL.")
    for text in addresses:
        addr = parse_ip(text)
        reason = (
            "not an IP address"
            if addr is None
            else refusal_reason(addr, allow_loopback=policy.allow_loopback)
        )
        if reason:
            shown = host if literal is not None else f"{host} (resolves to {text})"
            raise UnsafeURLError(
                f"Refused to fetch from {shown}: it is {reason}. Statement Lens only fetches pages "
                "from public internet addresses; download the page and upload the file instead."
            )
    return addresses


def _remaining(deadline: float, url: str, policy: UrlPolicy) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise UnsafeURLError(
            f"Fetching {url} took longer than {policy.timeout_s:g} s (the time limit) and was stopped. "
            "Try again later, or download the page and upload the file."
        )
    return left


def _content_type(resp: HttpResponse) -> tuple[str, str | None]:
    raw = resp.getheader("Content-Type") or ""
    media, _, params = raw.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"' ")
    return media.strip().lower(), charset


def _check_content_type(media: str, url: str) -> None:
    if media in ALLOWED_CONTENT_TYPES or media in UNTYPED:
        return
    kind = media.split("/", 1)[0]
    what = {"image": "an image", "video": "a video", "audio": "audio"}.get(kind, "a file we do not read")
    raise UnsafeURLError(
        f"The URL returned {what} ({media}), not a text document: {url}. "
        "Link to the article or statement page itself (HTML, text, PDF or DOCX)."
    )


def _too_large(url: str, policy: UrlPolicy) -> InputTooLargeError:
    return InputTooLargeError(
        f"The document at {url} is larger than {policy.max_bytes / 2**20:.0f} MB (MAX_URL_BYTES); "
        "the download was stopped. Download it yourself and upload the part you need."
    )


def _read_body(
    resp: HttpResponse, conn: HttpConnection, url: str, deadline: float, policy: UrlPolicy
) -> bytes:
    declared = resp.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > policy.max_bytes:
        raise _too_large(url, policy)
    encoding = (resp.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise InputError(f"The server sent the page compressed as '{encoding}', which is not supported.")
    inflater = (
        None if encoding == "identity" else zlib.decompressobj(47 if "gzip" in encoding else zlib.MAX_WBITS)
    )
    body = bytearray()
    # read1 returns after one socket read, so the deadline is checked even when a server trickles.
    read = getattr(resp, "read1", None) or resp.read
    while True:
        conn.set_timeout(_remaining(deadline, url, policy))
        try:
            chunk = read(CHUNK)
        except TimeoutError as exc:
            raise UnsafeURLError(
                f"Fetching {url} took longer than {policy.timeout_s:g} s (the time limit) and was stopped. "
                "Try again later, or download the page and upload the file."
            ) from exc
        except (http.client.HTTPException, OSError) as exc:
            raise InputError(
                f"The connection to {url} broke off during the download ({type(exc).__name__}). Try again."
            ) from exc
        if not chunk:
            break
        if inflater is not None:
            try:
                chunk = inflater.decompress(chunk, policy.max_bytes + 1 - len(body))
            except zlib.error as exc:
                raise InputError(f"The compressed page from {url} is damaged ({exc}).") from exc
            if inflater.unconsumed_tail:
                raise _too_large(url, policy)
        body += chunk
        if len(body) > policy.max_bytes:
            raise _too_large(url, policy)
        _remaining(deadline, url, policy)
    return bytes(body)


def fetch_url(url: str, policy: UrlPolicy | None = None) -> FetchResult:
    """Download a document from ``url`` under ``policy`` (see the module docstring for the checks).

    Raises:
        UnsafeURLError: scheme, address, redirect, time or content type refused.
        InputTooLargeError: the body exceeds ``policy.max_bytes``.
        InputError: the host cannot be found or reached, or the server answers with an error.
    """
    policy = policy or UrlPolicy()
    deadline = time.monotonic() + policy.timeout_s
    target = _parse(url)
    hops: list[str] = []
    while True:
        addresses = check_addresses(target.host, target.port, policy)
        resp, conn = _open(target, addresses, deadline, policy)
        try:
            if resp.status in REDIRECTS:
                location = resp.getheader("Location")
                if not location:
                    raise InputError(f"{target.url} redirects (HTTP {resp.status}) without saying where to.")
                if len(hops) >= policy.max_redirects:
                    raise UnsafeURLError(
                        f"{url} redirected more than {policy.max_redirects} times; stopped. "
                        "Open it in a browser and give the final address."
                    )
                hops.append(target.url)
                target = _parse(urljoin(target.url, location))
                continue
            if resp.status != 200:
                raise InputError(
                    f"The server answered HTTP {resp.status} {resp.reason} for {target.url}. "
                    "Check the address in a browser."
                )
            media, charset = _content_type(resp)
            _check_content_type(media, target.url)
            body = _read_body(resp, conn, target.url, deadline, policy)
        finally:
            conn.close()
        return FetchResult(target.url, target.host, body, media, charset, tuple(hops))


def _open(
    target: _Target, addresses: Sequence[str], deadline: float, policy: UrlPolicy
) -> tuple[HttpResponse, HttpConnection]:
    headers = {"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, identity", "Accept": "*/*"}
    last: OSError | None = None
    for ip in addresses:
        conn = policy.connector(
            ip, target.port, target.host, target.tls, _remaining(deadline, target.url, policy)
        )
        try:
            conn.request("GET", target.path, headers=headers)
            conn.set_timeout(_remaining(deadline, target.url, policy))
            return conn.getresponse(), conn
        except TimeoutError as exc:
            conn.close()
            raise UnsafeURLError(
                f"{target.url} did not answer within {policy.timeout_s:g} s (the time limit). "
                "Try again later, or download the page and upload the file."
            ) from exc
        except ssl.SSLError as exc:
            conn.close()
            raise InputError(f"The secure connection to {target.host} failed ({exc.reason}).") from exc
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            last = exc if isinstance(exc, OSError) else OSError(str(exc))
    raise InputError(f"Could not connect to {target.host} ({last}). Check the URL or try again later.")
