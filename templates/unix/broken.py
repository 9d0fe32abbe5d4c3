"""Broken: echoes only the first recv() of each connection (the "one recv is the whole message" mistake)."""
import os
import socket
import sys

if os.path.exists(sys.argv[1]):
    os.unlink(sys.argv[1])
with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
    listener.bind(sys.argv[1])
    listener.listen()
    while True:
        conn, _ = listener.accept()
        with conn:
            first = True
            while data := conn.recv(65536):
                if first:
                    conn.sendall(data)
                    first = False
