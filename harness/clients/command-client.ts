import type { ByteInput } from '../bytes/bytes.ts';
import { toBuffer } from '../bytes/bytes.ts';
import { compareBytes, escapeText, plural } from '../bytes/show-bytes.ts';
import { isSockgradeError, SockgradeError } from '../errors/sockgrade-error.ts';
import { jsonFrameMistakes } from '../framing/json-frame-mistakes.ts';
import type { ReceivedFrame } from '../framing/json-frame-reader.ts';
import { readJsonFrame } from '../framing/json-frame-reader.ts';
import { queuedForClient } from '../probes/tcp-connections.ts';
import { pollUntil } from '../probes/wait-until.ts';
import { scaled } from '../time/timeouts.ts';
import { diagnoseCommandBody, frameAt } from './command-diagnosis.ts';
import type { StreamClient } from './stream-client.ts';

export interface CommandRunOptions {
  // Deadline for the whole reply (default 5 s: the server starts a shell for each command, slow on a
  // loaded machine), and the longest pause while reply bytes are due.
  readonly timeoutMs?: number;
  readonly idleMs?: number;
  // A slow reader: the client reads nothing until the reply has begun to arrive (TCP on Linux, where the
  // kernel shows it), so the server meets full socket buffers and must keep sending (sendall()).
  readonly slowReader?: boolean;
}

const shown = (command: Buffer): string => `${escapeText(command.subarray(0, 60))}${command.length > 60 ? '…' : ''}`;

// A json-command client over a StreamClient: sends one command per write, in lockstep, and checks each
// reply: a header length in either byte order, a JSON header whose total_size (and md5, if any) match
// the body, and a body that is exactly the command's stdout then stderr.
export class CommandClient {
  #previous: Buffer | undefined;

  constructor(readonly stream: StreamClient) {}

  get label(): string {
    return this.stream.label;
  }

  // Runs a command and checks its reply carries exactly this stdout, then this stderr.
  async run(command: ByteInput, expected: { stdout?: ByteInput; stderr?: ByteInput }, options: CommandRunOptions = {}): Promise<ReceivedFrame> {
    const cmd = toBuffer(command);
    const frame = await this.#exchange(cmd, options);
    const output = { stdout: toBuffer(expected.stdout ?? ''), stderr: toBuffer(expected.stderr ?? '') };
    const want = Buffer.concat([output.stdout, output.stderr]);
    if (frame.body.equals(want)) return frame;
    // Only to explain a failure already certain: what followed the body at once.
    const following = (await this.stream.take(want.length + 70 * 1024, { timeoutMs: scaled(300) })).bytes;
    const { observed, mistake } = diagnoseCommandBody(output, frame.body, following);
    const code = mistake === 'bodyLong' || mistake === 'stuck' ? 'E_FRAMING' : 'E_MISMATCH';
    throw new SockgradeError(code, `${this.label} ran ${shown(cmd)}; ${observed}${mistake ? `: looks like ${jsonFrameMistakes[mistake]}` : ''}`, {
      details: compareBytes({ expected: want, received: Buffer.concat([frame.body, following]) }),
      context: { client: this.label, command: cmd.toString('utf8'), header: frame.header },
    });
  }

  // Sends a command whose reply is only checked for its framing (any header: without total_size it has
  // no body): the frame, or 'closed' when the server closed or reset the connection without a byte of
  // reply (allowed for some commands, e.g. invalid UTF-8).
  async runAnyReply(command: ByteInput, options: CommandRunOptions = {}): Promise<ReceivedFrame | 'closed'> {
    const before = this.stream.bytesReceived;
    try {
      return await this.#exchange(toBuffer(command), options, false);
    } catch (err) {
      if (isSockgradeError(err) && (err.code === 'E_EARLY_EOF' || err.code === 'E_RESET') && this.stream.bytesReceived === before) return 'closed';
      throw err;
    }
  }

  async #exchange(cmd: Buffer, { timeoutMs = scaled(5000), idleMs, slowReader = false }: CommandRunOptions, requireTotalSize = true): Promise<ReceivedFrame> {
    await this.#nothingLeftOver();
    const { endpoint, localPort } = this.stream;
    const holding = slowReader && process.platform === 'linux' && endpoint.kind === 'tcp' && localPort !== undefined;
    if (holding) this.stream.stopReading();
    await this.stream.send(cmd);
    this.#previous = cmd;
    if (holding && endpoint.kind === 'tcp') {
      // The reply has begun once the kernel holds bytes for us; then read (bounded: a silent server is
      // reported by the read below).
      await pollUntil(async () => (await queuedForClient(endpoint.port, localPort as number, { host: endpoint.host })) > 0, timeoutMs);
      this.stream.resumeReading();
    }
    return readJsonFrame(this.stream, { lengthOrder: 'either', requireTotalSize, what: `the reply to ${shown(cmd)}`, timeoutMs, ...(idleMs ? { idleMs } : {}) });
  }

  // In lockstep nothing arrives between a reply and the next command: bytes that did belong to no reply.
  async #nothingLeftOver(): Promise<void> {
    const extra = this.stream.unreadBytes;
    if (extra === 0 || !this.#previous) return;
    const bytes = (await this.stream.take(extra)).bytes;
    const second = frameAt(bytes);
    const observed = second ? `a second reply (header ${JSON.stringify(second.header)})` : 'bytes that are no reply';
    throw new SockgradeError('E_FRAMING', `${this.label}: ${plural(extra, 'byte')} followed the reply to ${shown(this.#previous)}: ${observed}: looks like ${jsonFrameMistakes.stuck}`, {
      details: compareBytes({ expected: Buffer.alloc(0), received: bytes }),
      context: { client: this.label },
    });
  }
}

// Wraps a stream client into a json-command client.
export function commands(client: StreamClient): CommandClient {
  return new CommandClient(client);
}
