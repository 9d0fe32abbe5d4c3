import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { existsSync } from 'node:fs';
import { tcpStateName } from './proc-net.ts';
import type { InetSocketRow } from './proc-net.ts';
import type { ListenerRow } from './accept-queue.ts';

// One TCP socket found by its exact addresses through the kernel's sock_diag netlink interface (what `ss`
// uses): a hash lookup of microseconds. Reading /proc/net/tcp{,6} instead walks every bucket of the
// connection hash (262,144 here) and prints every row: 4 ms for an empty tcp6 table, 8–12 ms for tcp with
// a few thousand TIME_WAIT rows (a class's grading leaves that many), and the connection polls that wait
// for the server to read or to take a reset made such readings back to back, keeping libuv's threads in
// the kernel for ~40% of a class's harness CPU.
//
// Node cannot open a netlink socket, so a small Python helper does (started once per thread, on first use,
// answering one line per request). Where it cannot run (no Python, not Linux, netlink refused) lookups say
// so and callers read the tables as before.

// The helper answers one line per request line, "?" when the kernel would not say:
// - "LOCAL_ADDR LOCAL_PORT REMOTE_ADDR REMOTE_PORT": "STATE RX_QUEUE TX_QUEUE INODE" (the kernel's
//   numbers), or "-" when there is no such socket;
// - "L 4" or "L 6": the LISTEN sockets of that family, "PORT:ACCEPT_QUEUE:INODE" each, space-separated;
// - "B PORT": "used" when a TCP socket of any state holds the port, else "free".
// It starts by looking up a connection of its own, and exits when that fails. A lookup that finds no
// connection gets the listener on the local port back (inet_lookup falls back to it): the remote port
// tells them apart. The cookie is INET_DIAG_NOCOOKIE (any socket).
const HELPER_SOURCE = String.raw`
import errno, os, socket, struct, sys
nl = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, 4)
seq = 0

def lookup(laddr, lport, raddr, rport):
    global seq
    family = socket.AF_INET6 if ":" in laddr else socket.AF_INET
    src = socket.inet_pton(family, laddr).ljust(16, b"\0")
    dst = socket.inet_pton(family, raddr).ljust(16, b"\0")
    req = struct.pack("=BBBBI", family, socket.IPPROTO_TCP, 0, 0, 0xFFFFFFFF) + struct.pack("!HH", lport, rport) + src + dst + struct.pack("=III", 0, 0xFFFFFFFF, 0xFFFFFFFF)
    seq += 1
    nl.send(struct.pack("=IHHII", 16 + len(req), 20, 1, seq, 0) + req)
    reply = nl.recv(65536)
    kind = struct.unpack_from("=H", reply, 4)[0]
    if kind == 2:
        if struct.unpack_from("=i", reply, 16)[0] == -errno.ENOENT:
            return b"-"
        return b"?"
    if kind != 20:
        return b"?"
    sport, dport = struct.unpack_from("!HH", reply, 20)
    if sport != lport or dport != rport:
        return b"-"
    rq, wq, uid, inode = struct.unpack_from("=IIII", reply, 72)
    return b"%d %d %d %d" % (reply[17], rq, wq, inode)

# A kernel without TCP's diag module answers ENOENT to every lookup: prove one on a connection of our own.
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen()
probe = socket.create_connection(listener.getsockname())
if not lookup("127.0.0.1", probe.getsockname()[1], "127.0.0.1", listener.getsockname()[1])[:1].isdigit():
    sys.exit(1)
probe.close()
listener.close()
def listeners(family):
    # A dump of LISTEN sockets only: the kernel walks its listening hash and skips the connection hash.
    global seq
    req = struct.pack("=BBBBI", family, socket.IPPROTO_TCP, 0, 0, 1 << 10) + bytes(48)
    seq += 1
    nl.send(struct.pack("=IHHII", 16 + len(req), 20, 0x301, seq, 0) + req)
    rows = []
    while True:
        data = nl.recv(1 << 16)
        at = 0
        while at + 16 <= len(data):
            length, kind = struct.unpack_from("=IH", data, at)
            if kind == 3:
                return b" ".join(rows)
            if kind == 2 or length < 16:
                return b"?"
            port = struct.unpack_from("!H", data, at + 20)[0]
            rq, wq, uid, inode = struct.unpack_from("=IIII", data, at + 72)
            rows.append(b"%d:%d:%d" % (port, rq, inode))
            at += (length + 3) & ~3

def bound(port):
    # Any TCP socket on the port, whatever its state or address, refuses a bind without SO_REUSEADDR (as
    # most students' servers bind): a dual-stack wildcard covers IPv4 and IPv6.
    try:
        probe = socket.socket(socket.AF_INET6)
        probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        address = ("::", port)
    except OSError:
        probe = socket.socket(socket.AF_INET)
        address = ("0.0.0.0", port)
    try:
        probe.bind(address)
        return b"free"
    except OSError as err:
        return b"used" if err.errno == errno.EADDRINUSE else b"?"
    finally:
        probe.close()

os.write(1, b"ready\n")
for line in iter(sys.stdin.buffer.readline, b""):
    try:
        words = line.decode().split()
        if words[0] == "L":
            answer = listeners(socket.AF_INET6 if words[1] == "6" else socket.AF_INET)
        elif words[0] == "B":
            answer = bound(int(words[1]))
        else:
            laddr, lport, raddr, rport = words
            answer = lookup(laddr, int(lport), raddr, int(rport))
    except Exception:
        answer = b"?"
    os.write(1, answer + b"\n")
`;

// A helper that does not answer within this long is taken for broken: its lookups fall back to the tables.
const ANSWER_TIMEOUT_MS = 5000;

class Helper {
  readonly #child: ChildProcessByStdio<Writable, Readable, null>;
  readonly #waiting: ((line: string | undefined) => void)[] = [];
  #carry = '';
  #ready = false;
  #broken = false;
  #timer: NodeJS.Timeout | undefined;

  constructor() {
    // System Python first: a version manager's shim costs ~90 ms to start. -I -S: nothing of the user's
    // environment or site-packages, only the standard library. No SOCKGRADE_* variables: it is not a
    // process of the run for the leftover scans.
    const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SOCKGRADE_')));
    this.#child = spawn(python, ['-I', '-S', '-c', HELPER_SOURCE], { stdio: ['pipe', 'pipe', 'ignore'], env });
    this.#child.on('error', () => this.#break());
    this.#child.on('exit', () => this.#break());
    this.#child.stdin.on('error', () => this.#break());
    this.#child.stdout.on('data', (chunk: Buffer) => this.#received(chunk.toString('latin1')));
    this.#idle();
  }

  // The answer line, or undefined when the helper cannot answer.
  ask(request: string): Promise<string | undefined> {
    if (this.#broken) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      if (this.#waiting.length === 1) this.#busy();
      this.#child.stdin.write(`${request}\n`);
    });
  }

  #received(text: string): void {
    const lines = (this.#carry + text).split('\n');
    this.#carry = lines.pop() ?? '';
    for (const line of lines) {
      if (!this.#ready) {
        this.#ready = line === 'ready';
        if (!this.#ready) this.#break();
        continue;
      }
      this.#waiting.shift()?.(line);
    }
    if (this.#waiting.length === 0) this.#idle();
    else this.#armTimer();
  }

  // While lookups wait, the helper keeps this thread alive and must answer in time; idle, it does neither
  // (it ends when our end of its stdin closes, with this thread).
  #busy(): void {
    this.#child.ref();
    (this.#child.stdout as Socket).ref();
    this.#armTimer();
  }

  #idle(): void {
    clearTimeout(this.#timer);
    this.#child.unref();
    // Pipes to a child are sockets.
    (this.#child.stdin as Socket).unref();
    (this.#child.stdout as Socket).unref();
  }

  #armTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#break(), ANSWER_TIMEOUT_MS);
  }

  #break(): void {
    if (this.#broken) return;
    this.#broken = true;
    clearTimeout(this.#timer);
    this.#child.kill('SIGKILL');
    this.#idle();
    for (const resolve of this.#waiting.splice(0)) resolve(undefined);
  }
}

let helper: Helper | undefined;

// The helper's answer to one request; undefined when this machine cannot tell (then read the tables).
async function ask(request: string): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  helper ??= new Helper();
  const line = await helper.ask(request);
  return line === '?' ? undefined : line;
}

// The TCP socket whose local and remote addresses are these; `undefined` when there is none; `null` when
// this machine cannot tell (then read the tables).
export async function tcpSocketByAddresses(local: { address: string; port: number }, remote: { address: string; port: number }): Promise<InetSocketRow | undefined | null> {
  const line = await ask(`${local.address} ${local.port} ${remote.address} ${remote.port}`);
  if (line === undefined) return null;
  if (line === '-') return undefined;
  const [state, rxQueue, txQueue, inode] = line.split(' ').map(Number) as [number, number, number, number];
  return { protocol: 'tcp', localAddress: local.address, localPort: local.port, remoteAddress: remote.address, remotePort: remote.port, state: tcpStateName(state), txQueue, rxQueue, inode };
}

// Every TCP socket listening in the family (its port, accept queue and inode); null when this machine
// cannot tell (then read the tables). Cheap where the tables are not: no walk of the connection hash, which
// even a 1 KiB read of an empty /proc/net/tcp6 makes (4 ms here).
export async function tcpListenersByDiag(family: 4 | 6): Promise<ListenerRow[] | null> {
  const line = await ask(`L ${family}`);
  if (line === undefined) return null;
  return line.split(' ').filter(Boolean).map((entry) => {
    const [port, acceptQueue, inode] = entry.split(':').map(Number) as [number, number, number];
    return { port, acceptQueue, inode };
  });
}

// True when some TCP socket, in any state (TIME_WAIT included), holds the port; null when this machine
// cannot tell.
export async function tcpPortInUse(port: number): Promise<boolean | null> {
  const line = await ask(`B ${port}`);
  return line === 'used' ? true : line === 'free' ? false : null;
}
