"""Reference json-command server: runs each command received with the shell and replies with a
4-byte header length ("!I"), a UTF-8 JSON header {"total_size", "md5"}, then stdout + stderr."""
import hashlib
import json
import socketserver
import struct
import subprocess
import sys


def reply(body: bytes, **extra) -> bytes:
    header = json.dumps({"total_size": len(body), "md5": hashlib.md5(body).hexdigest(), **extra}).encode("utf-8")
    return struct.pack("!I", len(header)) + header + body


class Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        conn = self.request
        try:
            while True:
                command = conn.recv(1024)  # one command per write, at most 1024 bytes
                if not command:
                    return
                try:
                    text = command.decode("utf-8")
                except UnicodeDecodeError:
                    conn.sendall(reply(b"", error="the command is not valid UTF-8"))
                    continue
                done = subprocess.run(text, shell=True, capture_output=True, stdin=subprocess.DEVNULL)
                conn.sendall(reply(done.stdout + done.stderr))
        except OSError:
            pass  # the client left (reset, or closed mid-reply): end this connection only


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


if __name__ == "__main__":
    with Server(("127.0.0.1", int(sys.argv[1])), Handler) as server:
        server.serve_forever()
