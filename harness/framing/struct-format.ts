import { endianness } from 'node:os';

// The struct codes sockgrade supports, as in Python's `struct` module (docs.python.org/3/library/struct.html).
// Not supported: 'e' (half float) and 'P' (void *).
export type StructCode = 'x' | 'c' | 'b' | 'B' | '?' | 'h' | 'H' | 'i' | 'I' | 'l' | 'L' | 'q' | 'Q' | 'n' | 'N' | 'f' | 'd' | 's' | 'p';

// One field of a parsed format: its code, where it starts and how many bytes it takes.
// 's' and 'p' are one field of `count` bytes; 'x' is padding and takes no value; other codes repeat.
export interface StructField {
  readonly code: StructCode;
  readonly offset: number;
  readonly size: number;
}

// A parsed format: byte order, fields with their offsets, and the total size (Python's calcsize).
export interface StructLayout {
  readonly format: string;
  readonly littleEndian: boolean;
  readonly native: boolean;
  readonly fields: readonly StructField[];
  readonly size: number;
}

// Standard sizes ('=', '<', '>', '!'): fixed, no alignment. 'n' and 'N' exist only in native mode.
const STANDARD_SIZES: Partial<Record<StructCode, number>> = { x: 1, c: 1, b: 1, B: 1, '?': 1, h: 2, H: 2, i: 4, I: 4, l: 4, L: 4, q: 8, Q: 8, f: 4, d: 8, s: 1, p: 1 };
// Native sizes ('@' or no prefix) of the C types on LP64 platforms (Linux, macOS): long is 8 bytes.
// Each numeric field is aligned to its own size, as the C compiler would; no padding is added at the end.
const NATIVE_SIZES: Record<StructCode, number> = { ...(STANDARD_SIZES as Record<StructCode, number>), l: 8, L: 8, n: 8, N: 8 };
const UNALIGNED = new Set<StructCode>(['x', 'c', 'b', 'B', '?', 's', 'p']);

const cache = new Map<string, StructLayout>();

// Parses a Python struct format such as '!I', 'i16sf' or '<hh2x'; a bad format is a TypeError naming it.
export function parseFormat(format: string): StructLayout {
  const cached = cache.get(format);
  if (cached) return cached;
  const bad = (why: string): TypeError => new TypeError(`struct format ${JSON.stringify(format)}: ${why}`);
  let rest = format;
  let native = true;
  let littleEndian = endianness() === 'LE';
  const prefix = rest[0];
  if (prefix && '@=<>!'.includes(prefix)) {
    native = prefix === '@';
    if (prefix === '<') littleEndian = true;
    if (prefix === '>' || prefix === '!') littleEndian = false;
    rest = rest.slice(1);
  }
  const sizes = native ? NATIVE_SIZES : STANDARD_SIZES;
  const fields: StructField[] = [];
  let offset = 0;
  // Whitespace between items is ignored; a count and its code must not be separated (as in Python).
  const items = /\s*(\d*)(\S)/y;
  let parsed = 0;
  let match: RegExpExecArray | null;
  while ((match = items.exec(rest)) !== null) {
    parsed = items.lastIndex;
    const [, digits = '', char = ''] = match;
    const code = char as StructCode;
    const size = sizes[code];
    if (size === undefined) {
      throw bad(NATIVE_SIZES[code] !== undefined ? `'${code}' exists only in native mode ('@' or no prefix)` : `unsupported code '${char}' (supported: ${Object.keys(NATIVE_SIZES).join(' ')})`);
    }
    const count = digits === '' ? 1 : Number(digits);
    if (native && !UNALIGNED.has(code)) offset = Math.ceil(offset / size) * size;
    if (code === 's' || code === 'p') {
      fields.push({ code, offset, size: count });
      offset += count;
    } else if (code === 'x') {
      offset += count;
    } else {
      for (let i = 0; i < count; i++, offset += size) fields.push({ code, offset, size });
    }
  }
  if (rest.slice(parsed).trim() !== '') throw bad(`cannot read ${JSON.stringify(rest.slice(parsed))}`);
  const layout: StructLayout = { format, littleEndian, native, fields, size: offset };
  cache.set(format, layout);
  return layout;
}
