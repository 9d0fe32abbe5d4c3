"""A correct unix-echo server: removes a stale socket file, then serves one client at a time."""
import os
import socket
import sys

path = sys.argv[1]
if os.path.exists(path):
    os.unlink(path)
with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
    listener.bind(path)
    listener.listen()
    while True:
        conn, _addr = listener.accept()
        with conn:
            try:
                while True:
                    data = conn.recv(65536)
                    if not data:
                        break
                    conn.sendall(data)
            except (ConnectionResetError, BrokenPipeError):
                pass
