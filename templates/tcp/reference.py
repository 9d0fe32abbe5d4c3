"""Reference __NAME__ server: echoes each recv() on its connection at once; one client at a time."""
import socket
import sys

port = int(sys.argv[1])
with socket.create_server(("127.0.0.1", port)) as listener:
    while True:
        conn, _ = listener.accept()
        with conn:
            try:
                while data := conn.recv(65536):
                    conn.sendall(data)
            except ConnectionError:
                pass
