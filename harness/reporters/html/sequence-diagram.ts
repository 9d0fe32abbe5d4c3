import type { Element } from 'hast';
import { h } from 'hastscript';
import type { TranscriptEventJson, TranscriptKind } from '../../clients/transcript.ts';
import type { ServerSummary } from '../../launch/started-server.ts';
import type { ByteMismatch } from '../../bytes/byte-mismatch.ts';
import { plural } from '../../bytes/show-bytes.ts';
import { bytesPreview, fullBytes, mismatchView } from './byte-views.ts';
import { visibleText } from './visible-text.ts';

// What one test's diagram draws: its wire events, its server, and for a failure where it went wrong.
export interface DiagramInput {
  readonly events: readonly TranscriptEventJson[];
  readonly server?: ServerSummary;
  readonly mismatch?: ByteMismatch;
  // The failure's one line (absent for a test that did not fail).
  readonly failure?: string;
  // Draw at most this many events: the first and last half, and those around the wrong one.
  readonly maxRows?: number;
}

// Actors that observe rather than talk: their notes sit on the server's lane ("kernel": the server's
// sockets, descriptors, CPU) or across every lane ("harness": what the test itself did).
const OBSERVERS = new Set(['kernel', 'harness']);

// How each kind of event is drawn: which way its arrow goes (none for a note), its style, its name.
interface Look {
  readonly toServer?: boolean;
  readonly style: 'data' | 'reply' | 'control' | 'abort';
  readonly name: string;
}

const LOOKS: Record<Exclude<TranscriptKind, 'note' | 'error'>, Look> = {
  connect: { toServer: true, style: 'control', name: 'connect' },
  send: { toServer: true, style: 'data', name: 'send' },
  sendto: { toServer: true, style: 'data', name: 'sendto' },
  recv: { toServer: false, style: 'reply', name: 'recv' },
  recvfrom: { toServer: false, style: 'reply', name: 'recvfrom' },
  shutdown: { toServer: true, style: 'control', name: 'FIN (half-close)' },
  eof: { toServer: false, style: 'control', name: 'FIN' },
  reset: { toServer: true, style: 'abort', name: 'RST' },
  close: { toServer: true, style: 'control', name: 'close (FIN)' },
};

// An error a client saw from the server's side of the connection is drawn as the server's arrow. An
// abort is named RST where the transcript says it was one: a Unix socket has none, it just closes.
function lookOf(event: TranscriptEventJson): Look | undefined {
  const name = /RST|reset the connection/.test(event.text ?? '') ? 'RST' : 'abort';
  if (event.kind === 'note') return undefined;
  if (event.kind === 'error') return /ECONNRESET|EPIPE/.test(event.text ?? '') ? { toServer: false, style: 'abort', name } : undefined;
  if (event.kind === 'reset') return { ...LOOKS.reset, name };
  return LOOKS[event.kind];
}

// "+40 ms", "+12.35 s": the event's time since the test's start.
export function offsetLabel(atMs: number): string {
  return atMs < 10_000 ? `+${Math.round(atMs)} ms` : `+${(atMs / 1000).toFixed(2)} s`;
}

// Lanes drawn one per actor; a test with more clients (a crowd of 100) draws the rest in one shared lane.
const MAX_LANES = 5;
const OTHERS = '\u0000others';

// The lanes, left to right: each talking actor in order of first appearance (clients, stdin), the
// one that failed always among them, the rest of a crowd in one lane; the server is drawn after them.
function lanesOf(input: DiagramInput): { lanes: string[]; laneOf: (actor: string) => number; others: number } {
  const actors: string[] = [];
  for (const event of input.events) if (!OBSERVERS.has(event.actor) && !actors.includes(event.actor)) actors.push(event.actor);
  const failing = input.mismatch?.client;
  if (failing !== undefined && !actors.includes(failing)) actors.push(failing);
  if (actors.length <= MAX_LANES) return { lanes: actors, laneOf: (actor) => (OBSERVERS.has(actor) ? -1 : actors.indexOf(actor)), others: 0 };
  const own = actors.slice(0, MAX_LANES - 1);
  if (failing !== undefined && !own.includes(failing)) own[own.length - 1] = failing;
  const lanes = [...own, OTHERS];
  return { lanes, laneOf: (actor) => (OBSERVERS.has(actor) ? -1 : own.includes(actor) ? own.indexOf(actor) : own.length), others: actors.length - own.length };
}

// The event holding the first wrong byte that arrived, and that byte's place in it: over a stream, the
// client's received bytes counted up to streamOffset + at; a datagram, the last one equal to what came.
function wrongEvent(input: DiagramInput): { index: number; byte: number } | undefined {
  const m = input.mismatch;
  if (!m || m.at >= m.receivedLength || input.events.some((e) => e.omitted !== undefined)) return undefined;
  if (m.streamOffset !== undefined) {
    const target = m.streamOffset + m.at;
    let seen = 0;
    for (const [index, e] of input.events.entries()) {
      if (e.actor !== m.client || e.kind !== 'recv') continue;
      const length = e.byteLength ?? 0;
      if (target < seen + length) return { index, byte: target - seen };
      seen += length;
    }
    return undefined;
  }
  if (m.keptFrom !== 0) return undefined;
  for (let index = input.events.length - 1; index >= 0; index--) {
    const e = input.events[index] as TranscriptEventJson;
    if (e.actor === m.client && e.kind === 'recvfrom' && e.byteLength === m.receivedLength && e.bytes === m.received) return { index, byte: m.at };
  }
  return undefined;
}

// What an arrow or note says: its name, the bytes (previewed, the rest behind a click), the event's text.
function labelOf(event: TranscriptEventJson, look: Look | undefined, wrong: number | undefined): (Element | string | null)[] {
  const bytes = event.bytes !== undefined ? Buffer.from(event.bytes, 'base64') : undefined;
  const total = event.byteLength ?? bytes?.length ?? 0;
  const datagram = event.kind === 'sendto' || event.kind === 'recvfrom';
  // "connect connected to …" says it twice.
  const text = event.kind === 'connect' ? event.text?.replace(/^connected /, '') : event.text;
  return [
    look ? h('span.kind', look.name) : null,
    bytes ? ` ${datagram ? `datagram of ${plural(total, 'byte')}` : plural(total, 'byte')} ` : null,
    bytes ? bytesPreview(bytes, total, wrong !== undefined ? { wrong } : {}) : null,
    text !== undefined ? h('span.text', ` ${visibleText(text)}`) : null,
    event.note ? h('span.text', ` (${visibleText(event.note)})`) : null,
    wrong !== undefined ? h('span.wrong', ` ✗ byte ${wrong} here is the first wrong byte`) : null,
    bytes ? fullBytes(bytes, total) : null,
  ];
}

// Which events a diagram of at most maxRows draws: the first and the last ones, and those around the
// event where the test went wrong.
function shownEvents(count: number, maxRows: number | undefined, wrong: number | undefined): (index: number) => boolean {
  if (maxRows === undefined || count <= maxRows) return () => true;
  const half = Math.floor(maxRows / 2);
  return (i) => i < half || i >= count - half || (wrong !== undefined && Math.abs(i - wrong) <= 2);
}

// A grid area: its row and its columns, from lane a to lane b (column 1 holds the times).
function area(row: number, a: number, b = a): string {
  return `grid-row:${row};grid-column:${Math.min(a, b) + 2}/${Math.max(a, b) + 3}`;
}

// The lanes of one diagram, and where its actors are drawn.
interface Layout {
  readonly lanes: readonly string[];
  readonly laneOf: (actor: string) => number;
  // The server's lane: the last.
  readonly server: number;
}

// One event's row: its time, then an arrow between its actor's lane and the server's, or a note.
function eventRow(event: TranscriptEventJson, row: number, layout: Layout, wrongByte: number | undefined): Element[] {
  const { lanes, laneOf, server } = layout;
  const look = lookOf(event);
  const lane = laneOf(event.actor);
  const actor = visibleText(event.actor);
  const label = [lanes[lane] === OTHERS ? h('span.who', actor) : null, ...labelOf(event, look, wrongByte)];
  const time = h('div.time', { style: `grid-row:${row}` }, offsetLabel(event.atMs));
  if (look && lane >= 0) {
    // The line runs from the middle of the actor's lane to the middle of the server's.
    const inset = `${(50 / (server - lane + 1)).toFixed(3)}%`;
    const className = ['msg', look.style, ...(wrongByte !== undefined ? ['wrong'] : [])];
    return [
      time,
      h('div', { className, style: area(row, lane, server), dataKind: event.kind, dataActor: actor }, [
        h('div.label', label),
        h('div', { className: ['line', look.toServer ? 'to-right' : 'to-left'], style: `margin-left:${inset};margin-right:${inset}` }),
      ]),
    ];
  }
  // A note: on its actor's lane, a kernel note on the server's, a harness note across all.
  const where = event.actor === 'kernel' ? area(row, server) : lane >= 0 ? area(row, lane) : area(row, 0, server);
  const tone = event.kind === 'error' ? 'error' : event.omitted !== undefined ? 'gap' : 'plain';
  return [time, h('div', { className: ['note', tone], style: where, dataKind: event.kind, dataActor: actor }, [OBSERVERS.has(event.actor) ? h('span.kind', actor) : null, ...label])];
}

// The wire conversation of one test as a sequence diagram in HTML and CSS: a lifeline per client and
// one for the server, a row per event, each arrow with its time, name and bytes; the row where the test
// went wrong (expected vs received), then how the server ended. Readable without JavaScript.
export function sequenceDiagram(input: DiagramInput): Element {
  const { lanes, laneOf, others } = lanesOf(input);
  const layout = { lanes, laneOf, server: lanes.length };
  const { server } = layout;
  const wrong = wrongEvent(input);
  const shown = shownEvents(input.events.length, input.maxRows, wrong?.index);
  const cells: Element[] = [];
  let row = 2;
  for (const [index, event] of input.events.entries()) {
    if (shown(index)) {
      cells.push(...eventRow(event, row++, layout, wrong?.index === index ? wrong.byte : undefined));
    } else if (index > 0 && shown(index - 1)) {
      let hidden = 0;
      while (index + hidden < input.events.length && !shown(index + hidden)) hidden += 1;
      cells.push(h('div', { className: ['note', 'gap'], style: area(row++, 0, server) }, `… ${plural(hidden, 'more event')}, not drawn here: see every event below …`));
    }
  }
  if (input.failure !== undefined) {
    const lane = input.mismatch ? laneOf(input.mismatch.client) : -1;
    cells.push(h('div.time.fail-t', { style: `grid-row:${row}` }, '✗'));
    cells.push(
      h('div.fail', { style: lane >= 0 ? area(row, lane, server) : area(row, 0, server) }, [
        h('p.fail-what', [h('strong', 'Went wrong here: '), visibleText(input.failure)]),
        input.mismatch ? mismatchView(input.mismatch) : null,
      ]),
    );
    row += 1;
  }
  cells.push(serverEnd(input.server, row, server));
  const heads = [
    h('div.head.time', { style: 'grid-row:1;grid-column:1' }, 'time'),
    ...lanes.map((lane, i) => h('div.head', { style: area(1, i) }, h('span.box', lane === OTHERS ? `${others} other clients` : visibleText(lane)))),
    h('div.head', { style: area(1, server) }, h('span.box.server', ['server', input.server ? h('code', visibleText(input.server.command)) : null])),
  ];
  const lifelines = [...lanes, 'server'].map((_, i) => h('div.life', { style: `grid-row:2/${row + 1};grid-column:${i + 2}` }));
  // Equal lanes, narrower when there are many.
  const columns = `grid-template-columns:4.75rem repeat(${server + 1}, minmax(${server > 2 ? 8 : 12}rem, 1fr))`;
  return h('div.seq', { style: columns, role: 'group', ariaLabel: 'wire conversation' }, [...heads, ...lifelines, ...cells]);
}

// The bottom of the server's lifeline: how the server ended (stopped by sockgrade, or on its own).
function serverEnd(summary: ServerSummary | undefined, row: number, lane: number): Element {
  if (!summary) return h('div.end', { style: area(row, lane) }, h('span', 'server never started'));
  const onItsOwn = summary.stoppedWith === undefined;
  return h('div', { className: ['end', onItsOwn ? 'died' : 'stopped'], style: area(row, lane) }, h('span', `${onItsOwn ? '✗ ' : '■ '}${visibleText(summary.status)}`));
}
