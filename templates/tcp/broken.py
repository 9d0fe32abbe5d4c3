"""Broken: echoes only the first recv() of each connection (the "one recv is the whole message" mistake)."""
import socket
import sys

with socket.create_server(("127.0.0.1", int(sys.argv[1]))) as listener:
    while True:
        conn, _ = listener.accept()
        with conn:
            first = True
            while data := conn.recv(65536):
                if first:
                    conn.sendall(data)
                    first = False
