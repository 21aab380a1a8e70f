"""A mail server on loopback for fault tests: it records who got which message, can take
its time over each one, and can be stopped and started on the same port."""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket
import socketserver
import threading
import time
from collections import Counter


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpSink:
    def __init__(self, port: int | None = None, delay: float = 0.0):
        self.port = port or free_port()
        self.delay = delay
        self.messages: list[tuple[str, str]] = []  # (recipient, subject)
        self._lock = threading.Lock()
        self._server: socketserver.ThreadingTCPServer | None = None
        self._open: set[socket.socket] = set()

    def start(self) -> SmtpSink:
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                with sink._lock:
                    sink._open.add(self.connection)
                self.wfile.write(b"220 sink ESMTP\r\n")
                recipients: list[str] = []
                for raw in self.rfile:
                    command = raw.decode("utf-8", "replace").strip()
                    verb = command.upper()
                    if verb.startswith(("EHLO", "HELO")):
                        self.wfile.write(b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
                    elif verb.startswith("MAIL FROM"):
                        recipients = []
                        self.wfile.write(b"250 OK\r\n")
                    elif verb.startswith("RCPT TO"):
                        recipients.append(command.split(":", 1)[1].split()[0].strip("<>"))
                        self.wfile.write(b"250 OK\r\n")
                    elif verb == "DATA":
                        self.wfile.write(b"354 End with .\r\n")
                        lines = []
                        for line in self.rfile:
                            if line in (b".\r\n", b".\n"):
                                break
                            lines.append(line[1:] if line.startswith(b"..") else line)
                        message = email.message_from_bytes(
                            b"".join(lines), policy=email.policy.default
                        )
                        time.sleep(sink.delay)
                        with sink._lock:
                            sink.messages += [(to, str(message["Subject"])) for to in recipients]
                        self.wfile.write(b"250 queued\r\n")
                    elif verb == "QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 OK\r\n")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Gone, as a crashed mail server is: open connections drop, new ones are refused."""
        with self._lock:
            for connection in self._open:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
            self._open.clear()
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def received(self) -> Counter:
        """How many messages each address received."""
        with self._lock:
            return Counter(to for to, _subject in self.messages)

    def mailer_settings(self) -> dict:
        """MAILERS for Django to send through this sink."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "use_tls": False, "timeout": 5},
            }
        }
