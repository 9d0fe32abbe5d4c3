"""tcp-echo: send back every byte received, as it arrives; close when the client is done."""
import socket
import sys


def serve(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen()
        while True:
            conn, _addr = listener.accept()
            with conn:
                try:
                    while data := conn.recv(65536):
                        conn.sendall(data)
                except ConnectionError:
                    pass  # the client reset or vanished: serve the next one


if __name__ == "__main__":
    serve(int(sys.argv[1]))
