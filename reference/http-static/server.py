"""Reference http-static: a raw-socket HTTP/1.0 file server, one thread per connection.

Usage: python3 server.py PORT ROOT. Serves ROOT's files to GET requests; never a file outside ROOT.
"""
import os
import socket
import sys
import threading
from urllib.parse import unquote_to_bytes

MAX_HEAD = 8 * 1024
TYPES = {".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8",
         ".css": "text/css", ".png": "image/png", ".js": "text/javascript", ".jpg": "image/jpeg", ".gif": "image/gif"}
REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
           431: "Request Header Fields Too Large", 500: "Internal Server Error"}


def read_head(conn: socket.socket) -> bytes | None:
    """The request line and headers, up to the blank line (CRLF CRLF, or bare LF LF); None if the client
    closed first or sent more than MAX_HEAD bytes without one."""
    buf = b""
    while True:
        for end in (b"\r\n\r\n", b"\n\n"):
            at = buf.find(end)
            if at >= 0:
                return buf[:at]
        if len(buf) > MAX_HEAD:
            return None
        chunk = conn.recv(4096)
        if not chunk:
            return None
        buf += chunk


def respond(conn: socket.socket, status: int, headers: dict[str, str], body_path: str | None = None, body: bytes = b"") -> None:
    lines = [f"HTTP/1.0 {status} {REASONS[status]}"] + [f"{k}: {v}" for k, v in headers.items()] + ["Connection: close", "", ""]
    conn.sendall("\r\n".join(lines).encode("ascii"))
    if body_path is not None:
        with open(body_path, "rb") as f:
            conn.sendfile(f)
    else:
        conn.sendall(body)


def error(conn: socket.socket, status: int) -> None:
    body = f"<html><body><h1>{status} {REASONS[status]}</h1></body></html>\n".encode()
    respond(conn, status, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body))}, body=body)


def resolve(root: str, target: bytes) -> tuple[int, str | None]:
    """The file a request target names, or the error status: query ignored, %XX decoded, never outside root."""
    path = target.split(b"?", 1)[0].split(b"#", 1)[0]
    if not path.startswith(b"/"):
        return 400, None
    try:
        decoded = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        return 400, None
    if "\0" in decoded:
        return 400, None
    full = os.path.realpath(os.path.join(root, decoded.lstrip("/")))
    if full != root and not full.startswith(root + os.sep):
        return 403, None
    if os.path.isdir(full):
        full = os.path.join(full, "index.html")
    if not os.path.isfile(full):
        return 404, None
    return 200, full


def answer(conn: socket.socket, root: str) -> bool:
    """Reads one request and sends its response; False if there was no request to answer."""
    head = read_head(conn)
    if head is None:
        return False
    request_line = head.lstrip(b"\r\n").split(b"\n", 1)[0].rstrip(b"\r")
    parts = request_line.split(b" ")
    if len(parts) != 3 or not parts[2].startswith(b"HTTP/"):
        error(conn, 400)
        return True
    method, target, _ = parts
    if method not in (b"GET", b"HEAD"):
        error(conn, 405)
        return True
    status, full = resolve(root, target)
    if full is None:
        error(conn, status)
        return True
    ext = os.path.splitext(full)[1].lower()
    headers = {"Content-Type": TYPES.get(ext, "application/octet-stream"), "Content-Length": str(os.path.getsize(full))}
    respond(conn, 200, headers, body_path=None if method == b"HEAD" else full)
    return True


def serve(conn: socket.socket, root: str) -> None:
    with conn:
        try:
            if answer(conn, root):
                # Close only after the client's FIN (or a short wait): closing with unread bytes would send
                # an RST that can destroy the response before the client reads it.
                conn.shutdown(socket.SHUT_WR)
                conn.settimeout(2)
                while conn.recv(4096):
                    pass
        except (OSError, ValueError):
            pass


def main() -> None:
    port, root = int(sys.argv[1]), os.path.realpath(sys.argv[2])
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(64)
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=serve, args=(conn, root), daemon=True).start()


if __name__ == "__main__":
    main()
