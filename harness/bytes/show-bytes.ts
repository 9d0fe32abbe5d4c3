import { firstDifference } from './bytes.ts';

const WINDOW = 32;

// Printable ASCII plus common whitespace reads as text; anything else is shown in hex too.
export function isText(buf: Uint8Array): boolean {
  for (const b of buf) if (!(b === 9 || b === 10 || b === 13 || (b >= 0x20 && b < 0x7f))) return false;
  return true;
}

// Quoted text with escapes, so control bytes and quotes are visible on one line.
export function escapeText(buf: Uint8Array): string {
  let s = '';
  for (const b of buf) {
    if (b === 0x5c) s += '\\\\';
    else if (b === 0x22) s += '\\"';
    else if (b === 10) s += '\\n';
    else if (b === 13) s += '\\r';
    else if (b === 9) s += '\\t';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `"${s}"`;
}

export function hex(buf: Uint8Array): string {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('hex').replace(/(..)(?!$)/g, '$1 ');
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// Bytes trimmed to a window starting near `at`, as text and (when binary) hex: `5 bytes "hello"`.
export function showBytes(buf: Uint8Array, at = 0, width = WINDOW): string {
  if (buf.length === 0) return '0 bytes';
  const start = Math.max(0, Math.min(at - 8, buf.length - width));
  const end = Math.min(buf.length, start + width);
  const slice = buf.subarray(start, end);
  const before = start > 0 ? `…(${start} before) ` : '';
  const after = end < buf.length ? ` …(${buf.length - end} more)` : '';
  const text = `${before}${escapeText(slice)}${after}`;
  return isText(slice) ? `${plural(buf.length, 'byte')} ${text}` : `${plural(buf.length, 'byte')} ${text}\n            hex ${before}${hex(slice)}${after}`;
}

// Multi-line report of sent / expected / received, trimmed around the first difference.
export function compareBytes(parts: { sent?: Uint8Array; expected: Uint8Array; received: Uint8Array }): string {
  const diff = firstDifference(parts.expected, parts.received);
  const at = diff < 0 ? 0 : diff;
  const lines: string[] = [];
  if (diff >= 0) lines.push(`first difference at byte ${diff}`);
  if (parts.sent) lines.push(`  sent      ${showBytes(parts.sent, at)}`);
  lines.push(`  expected  ${showBytes(parts.expected, at)}`);
  lines.push(`  received  ${showBytes(parts.received, at)}`);
  return lines.join('\n');
}
