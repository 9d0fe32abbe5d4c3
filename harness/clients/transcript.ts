import { escapeText, isText, hex, plural } from '../bytes/show-bytes.ts';

// sendto / recvfrom are datagrams: each is its own event, never merged with the next.
export type TranscriptKind = 'connect' | 'send' | 'recv' | 'sendto' | 'recvfrom' | 'shutdown' | 'eof' | 'reset' | 'close' | 'error' | 'note';

export interface TranscriptEvent {
  readonly atMs: number;
  readonly actor: string;
  readonly kind: TranscriptKind;
  readonly bytes?: Buffer;
  readonly text?: string;
  // A remark shown after the bytes, e.g. the address a datagram came from.
  readonly note?: string;
}

// One event as data for reports: bytes as base64, only their first BYTES_KEPT (byteLength says how many there were).
export interface TranscriptEventJson {
  readonly atMs: number;
  readonly actor: string;
  readonly kind: TranscriptKind;
  readonly bytes?: string;
  readonly byteLength?: number;
  readonly text?: string;
  readonly note?: string;
  // On the harness note standing for the events a long transcript left out: how many.
  readonly omitted?: number;
}

const BYTES_KEPT = 4096;
const EVENTS_KEPT = 200;

const ARROWS: Record<TranscriptKind, string> = {
  connect: '··', send: '→', recv: '←', sendto: '→', recvfrom: '←', shutdown: '→|', eof: '|←', reset: '×', close: '··', error: '!!', note: '··',
};

// Everything the clients of one test did on the wire, with times relative to the test's start.
export class Transcript {
  readonly #start = performance.now();
  readonly #events: TranscriptEvent[] = [];
  // The chunks of the last event while consecutive ones keep arriving, joined once when read: joining on
  // every chunk would copy a multi-MiB transfer over and over (quadratic).
  #chunks: Buffer[] = [];

  record(actor: string, kind: TranscriptKind, detail?: Buffer | string, note?: string): void {
    const atMs = performance.now() - this.#start;
    const last = this.#events.at(-1);
    // Consecutive chunks in the same direction read as one transfer.
    if (Buffer.isBuffer(detail) && last && last.actor === actor && last.kind === kind && last.bytes && (kind === 'recv' || kind === 'send')) {
      this.#chunks.push(detail);
      return;
    }
    this.#join();
    this.#events.push({ atMs, actor, kind, ...(Buffer.isBuffer(detail) ? { bytes: detail } : detail !== undefined ? { text: detail } : {}), ...(note ? { note } : {}) });
  }

  #join(): void {
    const last = this.#events.at(-1);
    if (this.#chunks.length === 0 || !last?.bytes) return;
    this.#events[this.#events.length - 1] = { ...last, bytes: Buffer.concat([last.bytes, ...this.#chunks]) };
    this.#chunks = [];
  }

  get events(): readonly TranscriptEvent[] {
    this.#join();
    return this.#events;
  }

  // The events as data, bounded: a long transcript keeps its start and end (a harness note between
  // them says how many were left out), each event its first bytes.
  toJSON(): TranscriptEventJson[] {
    const json = (e: TranscriptEvent): TranscriptEventJson => ({
      atMs: Math.round(e.atMs * 10) / 10,
      actor: e.actor,
      kind: e.kind,
      ...(e.bytes ? { bytes: e.bytes.subarray(0, BYTES_KEPT).toString('base64'), byteLength: e.bytes.length } : {}),
      ...(e.text !== undefined ? { text: e.text } : {}),
      ...(e.note ? { note: e.note } : {}),
    });
    const all = this.events;
    const left = all.length - EVENTS_KEPT;
    const gap = all[EVENTS_KEPT / 2];
    if (left <= 0 || !gap) return all.map(json);
    const omitted = { ...json({ atMs: gap.atMs, actor: 'harness', kind: 'note', text: `… ${plural(left, 'event')} left out here …` }), omitted: left };
    return [...all.slice(0, EVENTS_KEPT / 2).map(json), omitted, ...all.slice(-EVENTS_KEPT / 2).map(json)];
  }

  // One line per event, bytes trimmed; long transcripts keep their start and end.
  render(maxEvents = 40): string {
    // Actors in one column, however long a label a spec gave ("vanishing client").
    const events = this.events;
    const width = Math.max(9, ...events.map((e) => e.actor.length));
    const lines = events.map((e) => {
      const time = `+${Math.round(e.atMs)}ms`.padStart(8);
      let what = e.text ?? '';
      if (e.bytes) {
        const head = e.bytes.subarray(0, 24);
        const more = e.bytes.length > head.length ? '…' : '';
        what = `${plural(e.bytes.length, 'byte')} ${escapeText(head)}${more}${isText(head) ? '' : `  [${hex(head)}${more}]`}`;
      }
      if (e.note) what += `  (${e.note})`;
      return `${time}  ${e.actor.padEnd(width)} ${ARROWS[e.kind].padEnd(2)} ${e.kind.padEnd(8)} ${what}`.trimEnd();
    });
    if (lines.length <= maxEvents) return lines.join('\n');
    const half = Math.floor(maxEvents / 2);
    return [...lines.slice(0, half), `   … ${lines.length - maxEvents} more events …`, ...lines.slice(-half)].join('\n');
  }
}
