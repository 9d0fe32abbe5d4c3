"""A typical hand-written course grader for the tcp-echo homework: the peer sockgrade is measured against.

Usage: python3 naive_grader.py SUBMISSION_DIR   (starts `<this python> server.py PORT` in SUBMISSION_DIR)

Written the way course staff usually write one, on purpose: unittest, blocking sockets with a timeout,
the server started once with subprocess, a fixed one-second sleep for it to start, six obvious tests,
the server killed at the end. It is not a strawman: it catches a server that does not echo.
"""
import os
import socket
import subprocess
import sys
import time
import unittest

SUBMISSION = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else os.getcwd()
TIMEOUT = 5


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def recv_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


class EchoServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        cls.server = subprocess.Popen([sys.executable, "server.py", str(cls.port)], cwd=SUBMISSION)
        time.sleep(1)  # give the server time to start

    @classmethod
    def tearDownClass(cls):
        cls.server.kill()
        cls.server.wait()

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=TIMEOUT)
        self.addCleanup(sock.close)
        return sock

    def echo(self, sock, message):
        sock.sendall(message)
        self.assertEqual(recv_exactly(sock, len(message)), message)

    def test_echo_one_message(self):
        self.echo(self.connect(), b"hello, server\n")

    def test_binary_bytes(self):
        self.echo(self.connect(), bytes(range(256)) * 4)

    def test_large_payload(self):
        sock = self.connect()
        payload = os.urandom(1024 * 1024)
        # In 64 KiB steps, reading each back before sending more, so neither side's buffers fill up.
        for i in range(0, len(payload), 65536):
            self.echo(sock, payload[i:i + 65536])

    def test_several_clients_in_turn(self):
        for i in range(3):
            with socket.create_connection(("127.0.0.1", self.port), timeout=TIMEOUT) as sock:
                self.echo(sock, f"client {i}\n".encode())

    def test_disconnect_then_another_client(self):
        first = socket.create_connection(("127.0.0.1", self.port), timeout=TIMEOUT)
        self.echo(first, b"bye\n")
        first.close()
        self.echo(self.connect(), b"still there?\n")

    def test_half_close_then_read_to_eof(self):
        sock = self.connect()
        sock.sendall(b"last words\n")
        sock.shutdown(socket.SHUT_WR)
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        self.assertEqual(data, b"last words\n")


if __name__ == "__main__":
    unittest.main(verbosity=2)
