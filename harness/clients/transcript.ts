import { escapeText, isText, hex, plural } from '../bytes/show-bytes.ts';

// sendto / recvfrom are datagrams: each is its own event, never merged with the next.
export type TranscriptKind = 'connect' | 'send' | 'recv' | 'sendto' | 'recvfrom' | 'shutdown' | 'eof' | 'reset' | 'close' | 'error' | 'note';

export interface TranscriptEvent {
  readonly atMs: number;
  readonly actor: string;
  readonly kind: TranscriptKind;
  // The first BYTES_HELD bytes of a transfer (all of a smaller one); byteLength counts them all.
  readonly bytes?: Buffer;
  readonly byteLength?: number;
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

// Bytes of one transfer held in memory: consecutive chunks merge into one event, and copying a growing
// buffer for each 64 KiB chunk of a 6 MiB transfer is quadratic (seconds of CPU on a loaded machine,
// while the client stops reading); only the start is ever shown.
const BYTES_HELD = 64 * 1024;
const BYTES_KEPT = 4096;
const EVENTS_KEPT = 200;

const ARROWS: Record<TranscriptKind, string> = {
  connect: '··', send: '→', recv: '←', sendto: '→', recvfrom: '←', shutdown: '→|', eof: '|←', reset: '×', close: '··', error: '!!', note: '··',
};

// Everything the clients of one test did on the wire, with times relative to the test's start.
export class Transcript {
  readonly #start = performance.now();
  readonly #events: TranscriptEvent[] = [];

  record(actor: string, kind: TranscriptKind, detail?: Buffer | string, note?: string): void {
    const atMs = performance.now() - this.#start;
    const last = this.#events.at(-1);
    // Consecutive chunks in the same direction read as one transfer.
    if (Buffer.isBuffer(detail) && last && last.actor === actor && last.kind === kind && last.bytes && (kind === 'recv' || kind === 'send')) {
      const held = last.bytes.length < BYTES_HELD ? Buffer.concat([last.bytes, detail.subarray(0, BYTES_HELD - last.bytes.length)]) : last.bytes;
      this.#events[this.#events.length - 1] = { ...last, bytes: held, byteLength: (last.byteLength ?? last.bytes.length) + detail.length };
      return;
    }
    // A copy, never a view: a view of a 9 MiB payload would keep all of it alive as long as the transcript
    // (vitest keeps every test's context, and so its transcript, until the run ends).
    const bytes = Buffer.isBuffer(detail) ? { bytes: Buffer.from(detail.subarray(0, BYTES_HELD)), byteLength: detail.length } : {};
    this.#events.push({ atMs, actor, kind, ...bytes, ...(!Buffer.isBuffer(detail) && detail !== undefined ? { text: detail } : {}), ...(note ? { note } : {}) });
  }

  get events(): readonly TranscriptEvent[] {
    return this.#events;
  }

  // The events as data, bounded: a long transcript keeps its start and end (a harness note between
  // them says how many were left out), each event its first bytes.
  toJSON(): TranscriptEventJson[] {
    const json = (e: TranscriptEvent): TranscriptEventJson => ({
      atMs: Math.round(e.atMs * 10) / 10,
      actor: e.actor,
      kind: e.kind,
      ...(e.bytes ? { bytes: e.bytes.subarray(0, BYTES_KEPT).toString('base64'), byteLength: e.byteLength ?? e.bytes.length } : {}),
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
        const length = e.byteLength ?? e.bytes.length;
        const more = length > head.length ? '…' : '';
        what = `${plural(length, 'byte')} ${escapeText(head)}${more}${isText(head) ? '' : `  [${hex(head)}${more}]`}`;
      }
      if (e.note) what += `  (${e.note})`;
      return `${time}  ${e.actor.padEnd(width)} ${ARROWS[e.kind].padEnd(2)} ${e.kind.padEnd(8)} ${what}`.trimEnd();
    });
    if (lines.length <= maxEvents) return lines.join('\n');
    const half = Math.floor(maxEvents / 2);
    return [...lines.slice(0, half), `   … ${lines.length - maxEvents} more events …`, ...lines.slice(-half)].join('\n');
  }
}
