"""Reference udp-record server: each 24-byte datagram is a struct.pack("<i16sf", id, name, height)
record; the reply is the text f"{id} {name} {height:.2f}" sent to the sender."""
import socket
import struct
import sys

RECORD = struct.Struct("<i16sf")  # int32 id, 16-byte NUL-padded UTF-8 name, float32 height


def answer(data: bytes) -> bytes:
    if len(data) != RECORD.size:
        return f"ERROR a record is {RECORD.size} bytes, got {len(data)}".encode()
    record_id, raw_name, height = RECORD.unpack(data)
    name = raw_name.rstrip(b"\0").decode("utf-8", errors="replace")
    return f"{record_id} {name} {height:.2f}".encode("utf-8")


def main() -> None:
    port = int(sys.argv[1])
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", port))
    while True:
        data, addr = sock.recvfrom(65535)
        try:
            sock.sendto(answer(data), addr)
        except OSError:
            pass  # the client is gone: nothing to do, keep serving


if __name__ == "__main__":
    main()
