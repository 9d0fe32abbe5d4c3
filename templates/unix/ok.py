"""Correct, written another way: socketserver, a thread per client."""
import os
import socketserver
import sys


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        while data := self.request.recv(4096):
            self.request.sendall(data)


if os.path.exists(sys.argv[1]):
    os.unlink(sys.argv[1])
with socketserver.ThreadingUnixStreamServer(sys.argv[1], Echo) as server:
    server.serve_forever()
