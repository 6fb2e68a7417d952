"""The gunicorn worker Targum runs under: gthread, with each request read whole before a thread takes it.

gunicorn's threaded worker gives a connection to one of its TARGUM_WEB_THREADS
threads as soon as its first bytes arrive; the thread then blocks reading the
rest. Four clients that sent their headers and half a body, then waited, held
all four threads, and every other request, /healthz included, waited with
them. :class:`TargumWorker` keeps gunicorn's worker and changes who reads:

- The worker's main loop (one selector, no thread per connection) reads each
  request, head and body, into memory, and only a complete request goes to a
  thread. A stalled client holds a socket and its buffer, never a thread; it
  is answered 408 ``request_timeout`` once TARGUM_REQUEST_READ_TIMEOUT seconds
  have passed since its request began, and when the worker runs out of
  connections the oldest such client is answered so first.
- ``GET``/``HEAD`` of ``/healthz`` and ``/readyz`` run on a thread of their
  own, so neither stalled clients nor long translations keep a probe waiting.
- A body over TARGUM_MAX_REQUEST_BYTES is answered 413 ``request_too_large``
  as soon as its ``Content-Length`` says so, without reading it.
- gunicorn's own refusals (a request line or a header over its limits, a
  malformed request) are ``application/problem+json`` with an
  ``X-Request-ID``, like every other error, instead of gunicorn's HTML page.

Where a request ends is decided by gunicorn's own parser, run over the bytes
read so far: a request is complete when that parser reads it to its end
without running out of data, so the main loop and the thread that serves the
request never disagree about it. TLS, HTTP/2 and uWSGI connections are left
to gunicorn as they are (Targum runs behind a TLS terminator, if any).
"""

from __future__ import annotations

import json
import logging
import selectors
import socket
import ssl
import time
from concurrent import futures
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from gunicorn.http.body import LengthReader
from gunicorn.http.errors import (
    ConfigurationProblem,
    ExpectationFailed,
    ForbiddenProxyRequest,
    InvalidResponseHeader,
    InvalidResponseHeaderName,
    LimitRequestHeaders,
    LimitRequestLine,
    NoMoreData,
    ParseException,
    UnsupportedTransferCoding,
)
from gunicorn.http.message import Request
from gunicorn.http.unreader import IterUnreader
from gunicorn.http.wsgi import Response, default_environ
from gunicorn.workers.gthread import ThreadWorker

from translator.documents.limits import MULTIPART_ALLOWANCE
from translator.errors import HttpError
from translator.settings import Settings
from translator.web.accesslog import redact
from translator.web.libre_http import is_libre_path, libre_message
from translator.web.requestlog import request_id

log = logging.getLogger("targum.requests")
PROBES = frozenset({"/healthz", "/readyz"})
# Document uploads, whose bodies may be as large as TARGUM_MAX_DOCUMENT_BYTES (and what multipart adds).
UPLOAD_PATHS = frozenset({"/v1/documents", "/translate_file"})
UPLOAD_ALLOWANCE = MULTIPART_ALLOWANCE
_RECV = 256 * 1024
# A closed connection's last bytes from the client are read and dropped this
# long at most, so the answer is not cut off by a reset (RFC 9112 section 9.6).
_LINGER_S = 2.0
_LINGER_BYTES = 64 * 1024
_REASONS = {400: "Bad Request", 403: "Forbidden", 408: "Request Timeout", 413: "Content Too Large",
            414: "URI Too Long", 417: "Expectation Failed", 431: "Request Header Fields Too Large",
            500: "Internal Server Error", 501: "Not Implemented"}


def refusal(exc: BaseException, limits: Any) -> HttpError:
    """The problem an exception of gunicorn's parser stands for (``limits``: gunicorn's config)."""
    if isinstance(exc, LimitRequestLine):
        return HttpError(414, "request_uri_too_large", "Request URI Too Large",
                         f"the request line is over {limits.limit_request_line} bytes")
    if isinstance(exc, LimitRequestHeaders):
        return HttpError(431, "request_header_fields_too_large", "Request Header Fields Too Large",
                         f"a header field is over {limits.limit_request_field_size} bytes, or there are more "
                         f"than {limits.limit_request_fields} of them")
    if isinstance(exc, (InvalidResponseHeader, InvalidResponseHeaderName, ConfigurationProblem)):
        return HttpError(500, "internal_error", "Internal error", "an unexpected error occurred")
    if isinstance(exc, UnsupportedTransferCoding):
        return HttpError(501, "not_implemented", "Not Implemented", "the Transfer-Encoding is not supported")
    if isinstance(exc, ExpectationFailed):
        return HttpError(417, "expectation_failed", "Expectation Failed", "only `Expect: 100-continue` is supported")
    if isinstance(exc, (ForbiddenProxyRequest, ssl.SSLError)):
        return HttpError(403, "forbidden", "Forbidden", "the request is forbidden")
    if isinstance(exc, ParseException):
        return HttpError(400, "bad_request", "Bad Request", f"the request is malformed: {redact(str(exc))[:200]}")
    return HttpError(500, "internal_error", "Internal error", "an unexpected error occurred")


def problem_bytes(error: HttpError, rid: str, path: str | None = None) -> bytes:
    """A whole ``Connection: close`` HTTP/1.1 answer carrying ``error`` as problem+json.

    On one of LibreTranslate's paths it is the shape its clients read: ``application/json`` with ``error``.
    """
    problem = error.problem()
    media = "application/problem+json"
    if path is not None and is_libre_path(path):
        problem["error"], media = libre_message(problem), "application/json"
    body = json.dumps(problem, ensure_ascii=False).encode("utf-8")
    head = (f"HTTP/1.1 {error.status} {_REASONS.get(error.status, error.title)}\r\n"
            f"Content-Type: {media}\r\nContent-Length: {len(body)}\r\n"
            f"X-Request-ID: {rid}\r\nConnection: close\r\n\r\n")
    return head.encode("latin-1") + body


def _sent_request_id(req: Any) -> str:
    """The client's X-Request-ID when it is a safe one, else a new id (as the app's request log does)."""
    sent = next((value for name, value in getattr(req, "headers", None) or () if name == "X-REQUEST-ID"), "")
    return request_id(sent)


@dataclass(eq=False)
class _Reading:
    """A connection whose request is being read by the main loop."""

    conn: Any  # gunicorn's TConn
    data: bytearray
    started: float
    deadline: float
    registered: bool = False
    scanned: int = 0  # how far the head was searched for its end
    next_parse: int = 8192  # a head this long with no end in sight is parsed anyway (gunicorn's limits)
    need: int | None = None  # the whole request's size, once its head gave a Content-Length
    chunks: _ChunkScan | None = None  # the scan of a chunked body, once its head said so
    continued: bool = False  # "100 Continue" was sent
    limit: int | None = None  # the body's limit, once the head said the path (a document upload's is larger)


def _head_may_be_whole(reading: _Reading) -> bool:
    """True once the head's blank line has arrived, or the head has grown past the next size to check."""
    data = reading.data
    start = max(0, reading.scanned - 3)
    reading.scanned = len(data)
    if data.find(b"\r\n\r\n", start) >= 0 or data.find(b"\n\n", start) >= 0:
        return True
    if len(data) >= reading.next_parse:  # over a limit of gunicorn's, its parser says which
        reading.next_parse *= 2
        return True
    return False


@dataclass(eq=False)
class _ChunkScan:
    """Where a chunked body ends (RFC 9112 section 7.1), found going over each byte once.

    Only the framing is followed; gunicorn's parser validates the body once
    it is whole. A size line that is not one ends the scan at once, for that
    parser to refuse.
    """

    pos: int  # the next chunk's size line, or the trailer section
    total: int = 0  # the body's size so far
    trailers: bool = False

    def scan(self, data: bytearray) -> str:
        """"more" while the body has not arrived whole; "end" when it has, or cannot be chunked."""
        while not self.trailers:
            line_end = data.find(b"\r\n", self.pos)
            if line_end < 0:
                return "end" if len(data) - self.pos > 8192 else "more"
            size_text = bytes(data[self.pos:line_end]).split(b";", 1)[0].rstrip(b" \t")
            if not size_text or size_text.strip(b"0123456789abcdefABCDEF"):
                return "end"  # not a size: gunicorn's parser refuses it
            size = int(size_text, 16)
            if size == 0:
                self.trailers, self.pos = True, line_end
                break
            if len(data) < line_end + 2 + size + 2:
                return "more"
            self.total += size
            self.pos = line_end + 2 + size + 2
        # The last chunk's line ends at pos; the trailer section ends with an empty line.
        end = data.find(b"\r\n\r\n", self.pos)
        if end >= 0 or len(data) - self.pos > 65536:
            return "end"
        self.pos = max(self.pos, len(data) - 3)
        return "more"


@dataclass(eq=False)
class _Lingering:
    """A closed connection whose last bytes from the client are being read and dropped."""

    sock: socket.socket
    deadline: float
    budget: int  # bytes to drop at most
    drained: int = 0


@dataclass
class _Verdict:
    """What the bytes read so far make of a request: more needed, complete, or refused."""

    complete: bool = False
    refused: HttpError | None = None
    req: Any = None
    probe: bool = False


@dataclass
class _Limits:
    """Targum's own limits, as the worker enforces them."""

    max_body: int = Settings.max_request_bytes
    read_timeout: float = Settings.request_read_timeout_s
    # A document upload's (POST /v1/documents, /translate_file): the file, and what multipart adds to it.
    max_upload: int = Settings.max_document_bytes + UPLOAD_ALLOWANCE

    def body_limit(self, method: str, path: str) -> int:
        """The largest body this request may have: a document upload's, or any other request's."""
        if method == "POST" and path in UPLOAD_PATHS:
            return max(self.max_body, self.max_upload)
        return self.max_body


class TargumWorker(ThreadWorker):
    """gunicorn's gthread worker whose main loop reads requests whole, with a thread of its own for probes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limits = _Limits()
        self._reading: dict[int, _Reading] = {}
        self._lingering: dict[int, _Lingering] = {}
        self._probe_pool: futures.ThreadPoolExecutor | None = None
        self._swept = 0.0

    # -- set-up ------------------------------------------------------------
    def init_process(self) -> None:
        """Start the probes' thread, then gunicorn's worker (which loads the app, then runs)."""
        self._probe_pool = futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="targum-probes")
        super().init_process()

    def load_wsgi(self) -> None:
        """Load the app, and take Targum's limits from its settings."""
        super().load_wsgi()
        targum = getattr(self.wsgi, "extensions", {}).get("targum")
        settings = targum.settings if targum is not None else Settings.from_env()
        self._limits = _Limits(settings.max_request_bytes, settings.request_read_timeout_s,
                               settings.max_document_bytes + UPLOAD_ALLOWANCE)

    def run(self) -> None:
        """gunicorn's loop; the probes' thread stops with it."""
        try:
            super().run()
        finally:
            if self._probe_pool is not None:
                self._probe_pool.shutdown(wait=False)

    @property
    def _reads_requests(self) -> bool:
        """Whether the main loop reads requests itself: plain HTTP/1.x only."""
        cfg = self.cfg
        return not cfg.is_ssl and cfg.http2_cleartext == "off" and getattr(cfg, "protocol", "http") == "http"

    # -- handing connections out -------------------------------------------
    def enqueue_req(self, conn: Any) -> None:
        """A complete request goes to a thread; any other connection is read by the main loop first."""
        if getattr(conn, "targum_complete", False) or not self._reads_requests:
            conn.targum_complete = False
            pool = self.tpool
            if getattr(conn, "targum_probe", False) and self._probe_pool is not None:
                pool = self._probe_pool
            future = pool.submit(self.handle, conn)
            future.add_done_callback(lambda done: self.method_queue.defer(self.finish_request, conn, done))
            return
        held = conn.parser.unreader.take_buffered() if conn.parser is not None else b""
        now = time.monotonic()
        reading = _Reading(conn, bytearray(held), now, now + self._limits.read_timeout)
        self._reading[id(conn)] = reading
        conn.sock.setblocking(False)
        if not (held and self._advance(reading)):
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, reading))
            reading.registered = True

    def handle(self, conn: Any) -> Any:
        """In a thread: serve the request the main loop read, from its bytes."""
        prefetched = getattr(conn, "targum_prefetched", b"")
        if prefetched:
            conn.targum_prefetched = b""
            conn.sock.setblocking(True)
            conn.init()
            conn.parser.unreader.unread(prefetched)
        return super().handle(conn)

    def handle_request(self, req: Any, conn: Any) -> Any:
        """gunicorn's, minus a second "100 Continue" when the main loop sent one."""
        if getattr(conn, "targum_continued", False):
            conn.targum_continued = False
            req._expected_100_continue = False
        return super().handle_request(req, conn)

    def finish_request(self, conn: Any, fs: Any) -> None:
        """gunicorn's, except that a connection to close lingers without blocking the main loop.

        (gunicorn's own graceful close waits up to 2 s for the client, in the
        main loop, during which nothing else is read or accepted.)
        """
        try:
            keep = fs.result() if not fs.cancelled() else False
        except Exception:  # noqa: BLE001 -- gunicorn's own handling closes it
            keep = None
        if keep is not False or not self._reads_requests:
            super().finish_request(conn, fs)  # kept alive, deferred, failed, or TLS: gunicorn's own way
            return
        self.nr_conns -= 1
        self._linger(conn.sock)

    # -- reading in the main loop ------------------------------------------
    def _on_readable(self, reading: _Reading, sock: socket.socket) -> None:
        piece = _receive(sock)
        if piece is None:
            return
        if not piece:  # the client went away before its request was whole
            self._forget(reading)
            self.nr_conns -= 1
            reading.conn.close()
            return
        reading.data += piece
        self._advance(reading)

    def _advance(self, reading: _Reading) -> bool:
        """Act on what has been read: dispatch, refuse, or wait for more. True when the connection left."""
        verdict = self._judge(reading)
        if verdict.refused is not None:
            self._refuse(reading, verdict.refused, verdict.req)
            return True
        if not verdict.complete:
            return False
        self._forget(reading)
        conn = reading.conn
        conn.targum_complete, conn.targum_probe, conn.data_ready = True, verdict.probe, True
        conn.targum_prefetched, conn.targum_continued = bytes(reading.data), reading.continued
        self.enqueue_req(conn)
        return True

    def _judge(self, reading: _Reading) -> _Verdict:
        """What the bytes read so far make: complete, refused, or more to come.

        gunicorn's parser (not incremental) runs once the head has arrived and
        once a chunked body has: the scans that wait for them go over each
        byte once, so a client that trickles bytes costs no more than one
        that sends them at once.
        """
        data = reading.data
        if reading.need is not None:
            return _Verdict(complete=len(data) >= reading.need)
        if reading.chunks is not None:
            found = reading.chunks.scan(data)
            if reading.chunks.total > (reading.limit or self._limits.max_body):
                return _Verdict(refused=self._too_large(reading.limit))
            if found == "more":
                return _Verdict()
            return self._parse(reading)
        if not _head_may_be_whole(reading):
            return _Verdict()
        return self._parse(reading)

    def _parse(self, reading: _Reading) -> _Verdict:
        """Run gunicorn's parser over the bytes read so far."""
        data = reading.data
        number = reading.conn.parser.req_count + 1 if reading.conn.parser is not None else 1
        unreader = IterUnreader([bytes(data)])
        try:
            req = Request(self.cfg, unreader, reading.conn.client, number)
        except (NoMoreData, StopIteration):
            return _Verdict()
        except Exception as exc:  # noqa: BLE001 -- every refusal of the parser becomes a problem document
            return _Verdict(refused=refusal(exc, self.cfg), req=getattr(exc, "req", None))
        probe = req.method in ("GET", "HEAD") and req.path in PROBES
        head = len(data) - len(unreader.buf.getvalue())
        reading.limit = self._limits.body_limit(req.method, req.path)
        if isinstance(req.body.reader, LengthReader):
            if req.body.reader.length > reading.limit:
                return _Verdict(refused=self._too_large(reading.limit), req=req)
            reading.need = head + req.body.reader.length
            self._continue(reading, req)
            return _Verdict(complete=len(data) >= reading.need, req=req, probe=probe)
        if reading.chunks is None:  # the head says chunked: scan for the body's end first
            reading.chunks = _ChunkScan(head)
            self._continue(reading, req)
            return self._judge(reading)
        return self._read_chunked(req, probe, reading.limit)

    def _read_chunked(self, req: Any, probe: bool, limit: int) -> _Verdict:
        """A chunked body whose end has arrived, read with gunicorn's ChunkedReader (which validates it)."""
        size = 0
        try:
            while piece := req.body.read(65536):
                size += len(piece)
                if size > limit:
                    return _Verdict(refused=self._too_large(limit), req=req)
        except NoMoreData:
            return _Verdict()  # the scan and the parser disagree: wait; the read timeout ends it
        except Exception as exc:  # noqa: BLE001 -- a malformed chunk: a problem document
            return _Verdict(refused=refusal(exc, self.cfg), req=req)
        return _Verdict(complete=True, req=req, probe=probe)

    def _continue(self, reading: _Reading, req: Any) -> None:
        """Send "100 Continue" to a client that waits for it before its body (once)."""
        if req._expected_100_continue and not reading.continued:
            reading.continued = True
            try:
                reading.conn.sock.send(b"HTTP/1.1 100 Continue\r\n\r\n")
            except OSError:
                pass  # the client may send its body anyway; if not, the read timeout answers it

    def _too_large(self, limit: int | None = None) -> HttpError:
        limit = limit or self._limits.max_body
        setting = "TARGUM_MAX_REQUEST_BYTES" if limit == self._limits.max_body else "TARGUM_MAX_DOCUMENT_BYTES"
        return HttpError(413, "request_too_large", "Request Entity Too Large",
                         f"the request body is over {limit} bytes ({setting})")

    def _forget(self, reading: _Reading) -> None:
        self._reading.pop(id(reading.conn), None)
        if reading.registered:
            reading.registered = False
            try:
                self.poller.unregister(reading.conn.sock)
            except (KeyError, ValueError, OSError):
                pass

    # -- answering without a thread ----------------------------------------
    def _refuse(self, reading: _Reading, error: HttpError, req: Any = None) -> None:
        """Answer ``error`` from the main loop, log it like any request, and close the connection."""
        self._forget(reading)
        rid = _sent_request_id(req)
        try:
            reading.conn.sock.send(problem_bytes(error, rid, getattr(req, "path", None)))
        except OSError:
            pass
        self._log_refusal(reading, error, req, rid)
        self.nr_conns -= 1
        # A refused body may still be on its way: drop it, so the client that
        # sends it before reading gets to read the answer.
        self._linger(reading.conn.sock, budget=2 * self._limits.max_body)

    def _log_refusal(self, reading: _Reading, error: HttpError, req: Any, rid: str) -> None:
        elapsed = time.monotonic() - reading.started
        client = reading.conn.client
        if req is not None:
            environ = default_environ(req, reading.conn.sock, self.cfg)
            environ["REMOTE_ADDR"] = client[0] if isinstance(client, tuple) else str(client)
            resp = Response(req, reading.conn.sock, self.cfg)
            resp.status = f"{error.status} {_REASONS.get(error.status, error.title)}"
            self.log.access(resp, req, environ, timedelta(seconds=elapsed))
        else:
            self.log.warning("Refused a request from %s: %s", client, error.detail)
        log.info(json.dumps({
            "event": "request", "request_id": rid, "method": getattr(req, "method", None) or "-",
            "path": getattr(req, "path", None) or "-", "status": error.status,
            "elapsed_ms": round(elapsed * 1000, 1), "bytes_in": len(reading.data), "code": error.code,
        }, ensure_ascii=False))

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        """gunicorn's own errors (in a thread, or where the main loop does not read) as problem+json."""
        error = refusal(exc, self.cfg)
        started = datetime.now()
        if error.status == 500:
            self.log.exception("Error handling request %s", redact(str(getattr(req, "uri", "") or "")))
        else:
            self.log.warning("Invalid request from %s: %s", addr, error.detail)
        rid = _sent_request_id(req)
        if req is not None:
            environ = default_environ(req, client, self.cfg)
            environ["REMOTE_ADDR"] = (addr or ("", -1))[0]
            resp = Response(req, client, self.cfg)
            resp.status = f"{error.status} {_REASONS.get(error.status, error.title)}"
            self.log.access(resp, req, environ, datetime.now() - started)
        try:
            client.settimeout(5.0)
            client.sendall(problem_bytes(error, rid, getattr(req, "path", None)))
        except OSError:
            self.log.debug("Failed to send error message.")

    # -- closing without blocking ------------------------------------------
    def _linger(self, sock: socket.socket, budget: int = _LINGER_BYTES) -> None:
        """Close ``sock`` after the client's last bytes, or after a moment, without blocking the loop."""
        try:
            sock.shutdown(socket.SHUT_WR)
            sock.setblocking(False)
            lingering = _Lingering(sock, time.monotonic() + _LINGER_S, budget)
            self.poller.register(sock, selectors.EVENT_READ, partial(self._on_linger_readable, lingering))
        except (OSError, ValueError, KeyError):
            sock.close()
            return
        self._lingering[id(sock)] = lingering

    def _on_linger_readable(self, lingering: _Lingering, sock: socket.socket) -> None:
        piece = _receive(sock)
        if piece is None:
            return
        lingering.drained += len(piece)
        if not piece or lingering.drained >= lingering.budget:
            self._close_lingering(lingering)

    def _close_lingering(self, lingering: _Lingering) -> None:
        self._lingering.pop(id(lingering.sock), None)
        try:
            self.poller.unregister(lingering.sock)
        except (KeyError, ValueError, OSError):
            pass
        lingering.sock.close()

    # -- time limits and the connection limit ------------------------------
    def murder_pending(self) -> None:
        """gunicorn's sweep, then: requests past their read timeout are answered 408, lingerers closed."""
        super().murder_pending()
        now = time.monotonic()
        if now - self._swept < 0.25:
            return
        self._swept = now
        for reading in [r for r in self._reading.values() if r.deadline <= now]:
            self._time_out(reading)
        for lingering in [x for x in self._lingering.values() if x.deadline <= now]:
            self._close_lingering(lingering)

    def _time_out(self, reading: _Reading) -> None:
        if not reading.data:  # never sent a byte: nothing to answer
            self._forget(reading)
            self.nr_conns -= 1
            reading.conn.close()
            return
        self._refuse(reading, HttpError(408, "request_timeout", "Request Timeout",
                                        "the request did not arrive whole within TARGUM_REQUEST_READ_TIMEOUT "
                                        f"({self._limits.read_timeout:g} s)"))

    def set_accept_enabled(self, enabled: bool) -> None:
        """At the connection limit, the longest-waiting unfinished request is answered, so new ones get in."""
        if not enabled and self.alive and self._reading:
            oldest = min(self._reading.values(), key=lambda r: r.started)
            self._time_out(oldest)
            enabled = self.nr_conns < self.worker_connections
        super().set_accept_enabled(enabled)


def _receive(sock: socket.socket) -> bytes | None:
    """What a readable socket has: None when nothing after all, b"" when the peer closed or the socket failed."""
    try:
        return sock.recv(_RECV)
    except (BlockingIOError, InterruptedError):
        return None
    except OSError:
        return b""
