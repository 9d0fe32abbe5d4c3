"""tcp-echo: send back every byte a client sends, as it arrives. Run `npm test` to see what is missing."""
import socket
import sys

port = int(sys.argv[1])  # sockgrade gives you the port to use (also in $PORT)

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen()
    while True:
        conn, _ = listener.accept()
        with conn:
            while True:
                data = conn.recv(4096)
                if not data:
                    break
                # TODO: send the data back to the client
