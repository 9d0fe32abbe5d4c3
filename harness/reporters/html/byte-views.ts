import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { escapeText, hex, isText, plural } from '../../bytes/show-bytes.ts';
import type { ByteMismatch } from '../../bytes/byte-mismatch.ts';

// Bytes shown on an arrow, as the text transcript shows them; a mismatch's window, as compareBytes does.
const PREVIEW_BYTES = 24;
const WINDOW_BYTES = 32;
const DUMP_WIDTH = 16;

// One byte as escapeText writes it inside its quotes: `a`, `\n`, `\x00`.
function token(byte: number): string {
  return escapeText(Uint8Array.of(byte)).slice(1, -1);
}

// Runs of plain text, and the bytes `marked` says differ wrapped in <mark>.
function markedRun(bytes: Uint8Array, show: (byte: number) => string, marked: (index: number) => boolean, separator = ''): ElementContent[] {
  const out: ElementContent[] = [];
  let plain = '';
  bytes.forEach((byte, i) => {
    const text = (i > 0 ? separator : '') + show(byte);
    if (!marked(i)) {
      plain += text;
      return;
    }
    if (i > 0 && separator) plain += separator;
    if (plain) out.push({ type: 'text', value: plain });
    plain = '';
    out.push(h('mark', show(byte)));
  });
  if (plain) out.push({ type: 'text', value: plain });
  return out;
}

// The first bytes of a transfer, quoted with escapes, and in hex when they are not plain text; with
// `wrong`, the bytes around that one instead, it marked (the first wrong byte of a reply).
export function bytesPreview(bytes: Buffer, total: number, { wrong }: { wrong?: number } = {}): Element {
  const start = wrong === undefined ? 0 : Math.max(0, Math.min(wrong - 8, bytes.length - PREVIEW_BYTES));
  const head = bytes.subarray(start, start + PREVIEW_BYTES);
  const before = start > 0 ? `…(${start} before) ` : '';
  const more = total > start + head.length ? '…' : '';
  const marked = (i: number): boolean => start + i === wrong;
  return h('span.bytes', [
    h('code.txt', [before, '"', ...markedRun(head, token, marked), `"${more}`]),
    isText(head) ? null : h('code.hex', [before, ...markedRun(head, (b) => b.toString(16).padStart(2, '0'), marked, ' '), more]),
  ]);
}

// A hex dump (offset, 16 bytes in hex, the same as ASCII), bytes for which `marked` is true highlighted.
export function hexDump(bytes: Uint8Array, { offset = 0, marked = () => false }: { offset?: number; marked?: (index: number) => boolean } = {}): Element {
  const lines: ElementContent[] = [];
  for (let start = 0; start < bytes.length; start += DUMP_WIDTH) {
    const row = bytes.subarray(start, start + DUMP_WIDTH);
    const at = (i: number): boolean => marked(start + i);
    lines.push({ type: 'text', value: `${(offset + start).toString(16).padStart(8, '0')}  ` });
    lines.push(...markedRun(row, (b) => b.toString(16).padStart(2, '0'), at, ' '));
    lines.push({ type: 'text', value: `${'   '.repeat(DUMP_WIDTH - row.length)}  |` });
    lines.push(...markedRun(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'), at));
    lines.push({ type: 'text', value: '|\n' });
  }
  return h('pre.dump', lines);
}

// The full bytes kept of a transfer, behind a click: only when the preview does not already show them all.
export function fullBytes(bytes: Buffer, total: number): Element | null {
  if (total <= PREVIEW_BYTES && bytes.length === total && isText(bytes)) return null;
  const what = bytes.length < total ? `first ${bytes.length} of ${plural(total, 'byte')} (hex dump)` : `all ${plural(total, 'byte')} (hex dump)`;
  return h('details.more', [h('summary', what), hexDump(bytes)]);
}

// Where the first difference falls in a window of the two sides, as compareBytes trims it.
function windowOf(m: ByteMismatch): { start: number; end: number } {
  const longest = Math.max(m.expectedLength, m.receivedLength);
  const start = Math.max(m.keptFrom, Math.min(m.at - 8, longest - WINDOW_BYTES), 0);
  return { start, end: Math.min(longest, start + WINDOW_BYTES) };
}

// What was expected and what came, trimmed around the first difference, each differing byte marked,
// in text and hex, with hex dumps of everything kept behind a click.
export function mismatchView(m: ByteMismatch): Element {
  const expected = Buffer.from(m.expected, 'base64');
  const received = Buffer.from(m.received, 'base64');
  // i counts from keptFrom, as both kept buffers do; a byte one side lacks differs too.
  const differs = (i: number): boolean => m.keptFrom + i >= m.at && expected[i] !== received[i];
  const { start, end } = windowOf(m);
  const side = (bytes: Buffer, length: number): { text: Element[]; hex: Element | null } => {
    const from = start - m.keptFrom;
    const slice = bytes.subarray(from, Math.max(from, end - m.keptFrom));
    const before = start > 0 && length > 0 ? h('span.cut', `…(${start} before) `) : null;
    const after = start + slice.length < length ? h('span.cut', ` …(${length - start - slice.length} more)`) : null;
    const mark = (i: number): boolean => differs(from + i);
    return {
      text: length === 0 ? [h('span.none', 'nothing')] : [before, h('code.txt', ['"', ...markedRun(slice, token, mark), '"']), after].filter((e): e is Element => e !== null),
      hex: length > 0 && !isText(slice) ? h('td', [before, h('code.hex', markedRun(slice, (b) => b.toString(16).padStart(2, '0'), mark, ' ')), after]) : null,
    };
  };
  const sides = [
    { label: 'expected', length: m.expectedLength, ...side(expected, m.expectedLength) },
    { label: 'received', length: m.receivedLength, ...side(received, m.receivedLength) },
  ];
  // Text above text, then hex above hex, so the eye compares like with like.
  const rows = [
    ...sides.map((s) => h('tr', [h('th', s.label), h('td.len', plural(s.length, 'byte')), h('td', s.text)])),
    ...sides.flatMap((s) => (s.hex ? [h('tr.hexrow', [h('th', `${s.label} (hex)`), h('td.len'), s.hex])] : [])),
  ];
  const where =
    m.receivedLength === 0
      ? 'nothing came back'
      : m.at >= m.receivedLength
        ? `the ${plural(m.receivedLength, 'byte')} that came were right, but ${m.expectedLength - m.receivedLength} more were expected`
        : `first difference at byte ${m.at}`;
  const kept = (bytes: Buffer): Element => hexDump(bytes, { offset: m.keptFrom, marked: differs });
  return h('div.mismatch', [
    h('p.where', where),
    h('table.compare', rows),
    m.expectedLength + m.receivedLength > 0
      ? h('details.more', [
          h('summary', `expected and received bytes${m.keptFrom > 0 ? ` from byte ${m.keptFrom}` : ''} (hex dumps, differences marked)`),
          h('div.dumps', [h('div', [h('h5', 'expected'), kept(expected)]), h('div', [h('h5', 'received'), received.length > 0 ? kept(received) : h('p.none', 'nothing')])]),
        ])
      : null,
  ]);
}
