"""Broken: answers every datagram to the first client it ever heard from."""
import socket
import sys

with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
    sock.bind(("127.0.0.1", int(sys.argv[1])))
    first = None
    while True:
        data, address = sock.recvfrom(2048)
        first = first or address
        sock.sendto(data, first)
