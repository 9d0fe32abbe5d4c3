"""Reference __NAME__ server: answers each datagram with the same bytes, to the address it came from."""
import socket
import sys

with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
    sock.bind(("127.0.0.1", int(sys.argv[1])))
    while True:
        data, address = sock.recvfrom(2048)
        sock.sendto(data, address)
