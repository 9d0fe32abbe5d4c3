import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { plural } from '../bytes/show-bytes.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { systemClock } from '../time/clock.ts';
import type { Clock } from '../time/clock.ts';

// What a log file holds at one moment: its complete lines (decoded as UTF-8, invalid bytes as U+FFFD),
// those a filter dropped counted, and the unterminated text at its end.
export interface LogSnapshot {
  readonly exists: boolean;
  readonly lines: readonly { readonly number: number; readonly text: string }[];
  readonly dropped: number;
  readonly tail: string;
  readonly bytes: number;
  // The file shrank while it was watched (someone truncated it, e.g. reopened it with "w").
  readonly truncations: number;
  // Reading stopped at maxBytes: the file is larger than what was read.
  readonly capped: boolean;
}

export interface LogFileOptions {
  // Keeps a complete line (by its text); others are only counted. A server spinning out blank lines can
  // write millions: they are not kept.
  readonly keep?: (line: string) => boolean;
  // Stops reading past this many bytes (a runaway writer), saying so in messages.
  readonly maxBytes?: number;
  // How often the file is read when no change notification arrives (fs.watch is not reliable everywhere).
  readonly pollMs?: number;
  readonly clock?: Clock;
}

// A file some program appends to, read incrementally as it grows. waitFor() is an event with a deadline:
// it re-checks after every change notification (fs.watch on the folder) and at least every pollMs, and
// its failure says what was awaited, what the file held and how long it waited.
export class LogFile {
  readonly #keep: (line: string) => boolean;
  readonly #maxBytes: number;
  readonly #pollMs: number;
  readonly #clock: Clock;
  #offset = 0;
  #partial = Buffer.alloc(0);
  #lines: { number: number; text: string }[] = [];
  #lineCount = 0;
  #dropped = 0;
  #exists = false;
  #truncations = 0;

  constructor(readonly path: string, { keep = () => true, maxBytes = 64 * 1024 * 1024, pollMs = 25, clock = systemClock }: LogFileOptions = {}) {
    this.#keep = keep;
    this.#maxBytes = maxBytes;
    this.#pollMs = pollMs;
    this.#clock = clock;
  }

  // Reads what was appended since the last read and returns the whole picture.
  async read(): Promise<LogSnapshot> {
    const handle = await open(this.path, 'r').catch(() => undefined);
    if (!handle) {
      this.#exists = false;
      return this.#snapshot();
    }
    try {
      this.#exists = true;
      const { size } = await handle.stat();
      if (size < this.#offset) {
        this.#truncations++;
        this.#offset = 0;
        this.#partial = Buffer.alloc(0);
        this.#lines = [];
        this.#lineCount = 0;
        this.#dropped = 0;
      }
      const end = Math.min(size, this.#maxBytes);
      if (end > this.#offset) {
        const chunk = Buffer.alloc(end - this.#offset);
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, this.#offset);
        this.#offset += bytesRead;
        this.#absorb(chunk.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
    return this.#snapshot();
  }

  #absorb(chunk: Buffer): void {
    const data = this.#partial.length > 0 ? Buffer.concat([this.#partial, chunk]) : chunk;
    let start = 0;
    for (let lf = data.indexOf(0x0a); lf >= 0; lf = data.indexOf(0x0a, start)) {
      const text = data.subarray(start, lf).toString('utf8');
      this.#lineCount++;
      if (this.#keep(text)) this.#lines.push({ number: this.#lineCount, text });
      else this.#dropped++;
      start = lf + 1;
    }
    this.#partial = Buffer.from(data.subarray(start));
  }

  #snapshot(): LogSnapshot {
    return { exists: this.#exists, lines: this.#lines, dropped: this.#dropped, tail: this.#partial.toString('utf8'), bytes: this.#offset, truncations: this.#truncations, capped: this.#offset >= this.#maxBytes };
  }

  // Waits until check(snapshot) returns a value; at the deadline rejects with onTimeout(last snapshot, waited ms).
  async waitFor<T>(check: (log: LogSnapshot) => T | undefined, timeoutMs: number, onTimeout: (log: LogSnapshot, waitedMs: number) => Error): Promise<T> {
    const start = this.#clock.now();
    let wake: (() => void) | undefined;
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(path.dirname(this.path), { persistent: false }, () => wake?.());
      watcher.on('error', () => undefined);
    } catch {
      // No change notifications here: the poll alone decides.
    }
    try {
      for (;;) {
        const changed = new Promise<void>((resolve) => (wake = resolve));
        const snapshot = await this.read();
        const value = check(snapshot);
        if (value !== undefined) return value;
        const left = start + timeoutMs - this.#clock.now();
        if (left <= 0) throw onTimeout(snapshot, Math.round(this.#clock.now() - start));
        const abort = new AbortController();
        await Promise.race([changed, this.#clock.sleep(Math.min(this.#pollMs, left), abort.signal).catch(() => undefined)]);
        abort.abort();
      }
    } finally {
      watcher?.close();
    }
  }
}

// The file's content for a failure message: its first and last kept lines, numbered, and what was dropped.
export function describeLog(log: LogSnapshot, { head = 5, last = 10 } = {}): string {
  if (!log.exists) return 'the file does not exist';
  if (log.bytes === 0) return 'the file is empty';
  const show = (l: { number: number; text: string }): string => `  ${String(l.number).padStart(5)}  ${JSON.stringify(l.text)}`;
  const { lines } = log;
  const shown = lines.length <= head + last ? lines.map(show) : [...lines.slice(0, head).map(show), `  …  ${lines.length - head - last} more lines`, ...lines.slice(-last).map(show)];
  const notes = [
    log.dropped > 0 ? `${plural(log.dropped, 'blank line')} not shown` : '',
    log.tail ? `ends with an unterminated line ${JSON.stringify(log.tail.slice(0, 80))} (no "\\n" yet)` : '',
    log.truncations > 0 ? `it was truncated ${plural(log.truncations, 'time')} while watched` : '',
    log.capped ? `only its first ${plural(log.bytes, 'byte')} were read` : '',
  ].filter(Boolean);
  return [`the file held ${plural(log.bytes, 'byte')}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}:`, ...shown].join('\n');
}

// A timeout for a wait on a log file, with what the file held.
export function logTimeout(what: string, log: LogSnapshot, waitedMs: number, file: string): SockgradeError {
  return new SockgradeError('E_LOG_MISSING', `${what} within ${waitedMs}ms`, { details: describeLog(log), context: { file, waitedMs } });
}
