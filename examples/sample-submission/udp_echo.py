"""A correct udp-echo server: one recvfrom()/sendto() per datagram, buffer of exactly 1024 bytes."""
import socket
import sys

port = int(sys.argv[1])
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
    sock.bind(("127.0.0.1", port))
    while True:
        data, addr = sock.recvfrom(1024)
        sock.sendto(data, addr)
