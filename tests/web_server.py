"""A local web server for URL and feed ingest tests: pages and feeds served from a dict on
127.0.0.1, every request logged, so tests can see what citebot fetched (nothing leaves the
machine)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Site:
    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # path -> (type, body)
    requests: list[str] = field(default_factory=list)
    base_url: str = ""

    def add(self, path: str, content_type: str, body: str | bytes) -> str:
        self.pages[path] = (content_type, body.encode() if isinstance(body, str) else body)
        return self.base_url + path

    def fetched(self, path: str) -> int:
        return self.requests.count(path)


@contextmanager
def local_site() -> Iterator[Site]:
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests.append(self.path)
            page = site.pages.get(self.path)
            if page is None:
                self.send_error(404, "Not Found")
                return
            kind, body = page
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
