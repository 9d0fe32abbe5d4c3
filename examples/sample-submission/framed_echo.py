"""A correct framed-echo server: a thread per client, exact reads of the header and the payload."""
import socket
import struct
import sys
import threading


def recv_exact(conn: socket.socket, n: int) -> bytes | None:
    """Exactly n bytes, or None if the client closed first (recv() may return fewer than asked)."""
    buf = bytearray()
    while len(buf) < n:
        chunk = conn.recv(min(n - len(buf), 1 << 20))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def serve(conn: socket.socket) -> None:
    with conn:
        try:
            while True:
                header = recv_exact(conn, 4)
                if header is None:
                    return
                (length,) = struct.unpack("!I", header)
                payload = recv_exact(conn, length)
                if payload is None:
                    return
                conn.sendall(struct.pack("!I", len(payload)) + payload)
        except (ConnectionResetError, BrokenPipeError):
            pass


port = int(sys.argv[1])
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen()
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()
