"""The load generator: a separate process that logs in and requests pages concurrently over
loopback, reading the server's own timing and query count from the Server-Timing header.

Usage: python bench/load.py PORT REQUESTS_PER_PAGE CONCURRENCY < plan.json > results.json
"""

import http.client
import json
import re
import statistics
import sys
import threading
import urllib.parse


class Session:
    """One browser: its cookies and a kept-alive connection. `secure`: as behind the TLS
    proxy of a production set-up (X-Forwarded-Proto), for the production settings."""

    def __init__(self, port: int, *, secure: bool = False):
        self.port = port
        self.secure = secure
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method, path, data=None, headers=None):
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **(headers or {}),
        }
        scheme = "http"
        if self.secure:
            headers["X-Forwarded-Proto"] = scheme = "https"
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            # In production the cookie is __Host-csrftoken.
            token = next((v for k, v in self.cookies.items() if k.endswith("csrftoken")), "")
            headers["X-CSRFToken"] = token
            headers["Referer"] = f"{scheme}://127.0.0.1:{self.port}{path}"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, rest = value.split("=", 1)
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), content

    def login(self, email: str) -> None:
        _s, _h, content = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1)
        status, _h, _c = self.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token.decode(), "login": email, "password": "demo"},
        )
        assert status == 302, f"login failed for {email}: {status}"


def timing(headers: dict) -> tuple[float, int]:
    value = headers.get("Server-Timing", "")
    duration = float(re.search(r"app;dur=([\d.]+)", value).group(1))
    queries = int(re.search(r'db;desc="(\d+)"', value).group(1))
    return duration, queries


def run_page(page: dict, port: int, count: int, concurrency: int) -> dict:
    samples: list[tuple[float, int, int, int]] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        session = Session(port)
        if page.get("login"):
            session.login(page["login"])
        for i in range(n):
            data = None
            headers = {"HX-Request": "true"} if page.get("htmx") else {}
            if page.get("post"):
                data = {
                    k: v.replace("{i}", f"{threading.get_ident()}-{i}")
                    for k, v in page["post"].items()
                }
            status, response_headers, content = session.request(
                "POST" if data else "GET", page["path"], data, headers
            )
            duration, queries = timing(response_headers)
            with lock:
                samples.append((duration, queries, len(content), status))

    per_thread = max(1, count // concurrency)
    threads = [threading.Thread(target=worker, args=(per_thread,)) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    durations = sorted(s[0] for s in samples)
    return {
        "name": page["name"],
        "path": page["path"],
        "requests": len(samples),
        "statuses": sorted({s[3] for s in samples}),
        "p50_ms": round(statistics.median(durations), 1),
        "p95_ms": round(durations[max(0, int(len(durations) * 0.95) - 1)], 1),
        "queries": sorted({s[1] for s in samples}),
        "bytes": round(statistics.median(s[2] for s in samples)),
    }


def main() -> None:
    port, count, concurrency = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    plan = json.load(sys.stdin)
    results = [run_page(page, port, count, concurrency) for page in plan]
    json.dump(results, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
