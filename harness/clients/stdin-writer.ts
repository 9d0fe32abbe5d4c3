import type { Writable } from 'node:stream';
import type { ByteInput } from '../bytes/bytes.ts';
import { toBuffer } from '../bytes/bytes.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import type { Transcript } from './transcript.ts';

// What a test types on its server's stdin (when the spec asked for stdin: 'pipe'); each write and the
// EOF go into the transcript as "stdin".
export class StdinWriter {
  constructor(readonly stream: Writable | undefined, readonly transcript: Transcript) {}

  #pipe(): Writable {
    if (!this.stream) throw new TypeError("the server's stdin is not a pipe: give the spec's assignmentTest the option stdin: 'pipe'");
    return this.stream;
  }

  // Writes bytes; resolves once they are handed to the pipe. A server that closed its stdin or exited is an E_RESET.
  write(data: ByteInput): Promise<void> {
    const pipe = this.#pipe();
    const bytes = toBuffer(data);
    this.transcript.record('stdin', 'send', bytes);
    return new Promise((resolve, reject) => {
      pipe.write(bytes, (err) => {
        if (!err) return resolve();
        reject(new SockgradeError('E_RESET', `could not write ${bytes.length} bytes to the server's stdin: ${(err as NodeJS.ErrnoException).code ?? err.message} (the server closed its stdin or exited)`));
      });
    });
  }

  // Writes one line: the text and "\n".
  writeLine(text: string): Promise<void> {
    return this.write(`${text}\n`);
  }

  // Closes stdin: the server reads EOF.
  end(): Promise<void> {
    const pipe = this.#pipe();
    this.transcript.record('stdin', 'shutdown', 'stdin closed (the server reads EOF)');
    return new Promise((resolve) => pipe.end(resolve));
  }
}
