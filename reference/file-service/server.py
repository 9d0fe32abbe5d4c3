"""Reference file-service server: list / get / put files in ROOT over framed JSON messages.

Every message, both ways: struct.pack("!I", H), H bytes of a UTF-8 JSON object, then a body of
exactly the object's "total_size" bytes (absent or 0: no body)."""
import hashlib
import json
import os
import socketserver
import struct
import sys
import uuid

MAX_HEADER = 65536
CHUNK = 64 * 1024
ROOT = os.path.abspath(sys.argv[2])


class Malformed(Exception):
    """A frame that cannot be read: answered with an error, then the connection is closed."""


class ClientLeft(Exception):
    """The client closed or reset the connection."""


def recv_exact(conn, n: int) -> bytes:
    parts, got = [], 0
    while got < n:
        chunk = conn.recv(min(n - got, CHUNK))
        if not chunk:
            raise ClientLeft()
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def read_request(conn):
    """The next request's header object and body size, or None at a clean end of the connection."""
    first = conn.recv(4)
    if not first:
        return None
    head = first + recv_exact(conn, 4 - len(first))
    (length,) = struct.unpack("!I", head)
    if length == 0 or length > MAX_HEADER:
        raise Malformed(f"header length {length} is not between 1 and {MAX_HEADER}")
    try:
        request = json.loads(recv_exact(conn, length).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Malformed("the header is not UTF-8 JSON")
    if not isinstance(request, dict):
        raise Malformed("the header is not a JSON object")
    size = request.get("total_size", 0)
    if type(size) is not int or size < 0:
        raise Malformed("total_size is not a non-negative integer")
    return request, size


def send(conn, header: dict, body_file=None, size: int = 0) -> None:
    raw = json.dumps(header).encode("utf-8")
    conn.sendall(struct.pack("!I", len(raw)) + raw)
    while size > 0:
        chunk = body_file.read(min(CHUNK, size))
        conn.sendall(chunk)
        size -= len(chunk)


def error(conn, text: str) -> None:
    send(conn, {"status": "error", "error": text})


def skip(conn, size: int) -> None:
    while size > 0:
        size -= len(recv_exact(conn, min(CHUNK, size)))


def plain_name(name) -> bool:
    """A file directly in ROOT: no path, not hidden, not special."""
    return (
        isinstance(name, str)
        and name not in ("", ".", "..")
        and not name.startswith(".")
        and not any(c in name for c in "/\\\0")
    )


def do_list(conn) -> None:
    with os.scandir(ROOT) as entries:
        files = [e.name for e in entries if not e.name.startswith(".") and e.is_file(follow_symlinks=False)]
    send(conn, {"status": "ok", "files": files})


def do_get(conn, name) -> None:
    if not plain_name(name):
        return error(conn, f"not a plain file name: {name!r}")
    path = os.path.join(ROOT, name)
    try:
        f = open(path, "rb")
    except OSError as e:
        return error(conn, f"cannot open {name!r}: {e.strerror}")
    with f:
        if not os.path.isfile(path):
            return error(conn, f"not a regular file: {name!r}")
        digest = hashlib.md5()
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
        size = f.tell()
        f.seek(0)
        send(conn, {"status": "ok", "total_size": size, "md5": digest.hexdigest()}, f, size)


def do_put(conn, request: dict, size: int) -> None:
    name = request.get("filename")
    if not plain_name(name):
        skip(conn, size)
        return error(conn, f"not a plain file name: {name!r}")
    # Written under a hidden temporary name, renamed into place only once complete and verified:
    # an upload in progress, aborted or corrupt never shows as the file.
    temp = os.path.join(ROOT, f".upload-{uuid.uuid4().hex}")
    digest = hashlib.md5()
    try:
        with open(temp, "wb") as f:
            remaining = size
            while remaining > 0:
                chunk = recv_exact(conn, min(CHUNK, remaining))
                digest.update(chunk)
                f.write(chunk)
                remaining -= len(chunk)
        expected = request.get("md5")
        if expected is not None and (not isinstance(expected, str) or expected.lower() != digest.hexdigest()):
            os.unlink(temp)
            return error(conn, "md5 mismatch: the file was not stored")
        os.replace(temp, os.path.join(ROOT, name))
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    send(conn, {"status": "ok"})


class Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        conn = self.request
        try:
            while True:
                try:
                    got = read_request(conn)
                except Malformed as e:
                    return error(conn, str(e))  # the stream is out of step: answer, then close
                if got is None:
                    return
                request, size = got
                cmd = request.get("cmd")
                try:
                    if cmd == "put":
                        do_put(conn, request, size)
                        continue
                    skip(conn, size)
                    if cmd == "list":
                        do_list(conn)
                    elif cmd == "get":
                        do_get(conn, request.get("filename"))
                    else:
                        error(conn, f"unknown cmd: {cmd!r}")
                except (ClientLeft, ConnectionError):
                    raise
                except (OSError, ValueError) as e:
                    error(conn, f"failed: {e}")
        except (ClientLeft, OSError):
            pass  # the client left: end this connection only


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


if __name__ == "__main__":
    with Server(("127.0.0.1", int(sys.argv[1])), Handler) as server:
        server.serve_forever()
