"""Reference select-logger: one select() loop over the listening socket, every client and stdin; every
line from a client or from stdin is appended to the log as time.ctime() + " " + line.

Usage: python3 server.py PORT LOG.
"""
import os
import select
import socket
import sys
import time

STDIN = 0


def log_line(log, raw: bytes) -> None:
    """One log entry; invalid UTF-8 becomes U+FFFD, a trailing CR is dropped. Flushed at once, so the line is
    in the file even if the server is killed a moment later."""
    text = raw.rstrip(b"\r").decode("utf-8", errors="replace")
    log.write(f"{time.ctime()} {text}\n")
    log.flush()


def log_complete_lines(log, pending: bytearray) -> None:
    """Logs every complete line in pending and keeps the unterminated rest there."""
    *lines, rest = bytes(pending).split(b"\n")
    for line in lines:
        log_line(log, line)
    pending[:] = rest


def main() -> None:
    port, log_path = int(sys.argv[1]), sys.argv[2]
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(64)
    # Append, never truncate: lines already in the log stay.
    log = open(log_path, "a", encoding="utf-8")
    pending: dict[object, bytearray] = {STDIN: bytearray()}
    watched: list[object] = [listener, STDIN]
    while True:
        readable, _, _ = select.select(watched, [], [])
        for r in readable:
            if r is listener:
                conn, _ = listener.accept()
                watched.append(conn)
                pending[conn] = bytearray()
                continue
            try:
                data = os.read(STDIN, 4096) if r == STDIN else r.recv(4096)
            except (ConnectionResetError, OSError):
                data = b""
            if data:
                pending[r] += data
                log_complete_lines(log, pending[r])
                continue
            # EOF: the unterminated last piece is a line too; then stop watching this source, so select()
            # does not report it readable forever (a busy loop).
            if pending[r]:
                log_line(log, bytes(pending[r]))
            watched.remove(r)
            del pending[r]
            if r != STDIN:
                r.close()


if __name__ == "__main__":
    main()
