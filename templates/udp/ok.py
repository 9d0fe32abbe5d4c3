"""Correct, written another way: socketserver."""
import socketserver
import sys


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        sock.sendto(data, self.client_address)


with socketserver.UDPServer(("127.0.0.1", int(sys.argv[1])), Echo) as server:
    server.serve_forever()
