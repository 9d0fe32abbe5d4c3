import type { CtimeLine } from './ctime-line.ts';
import { comparableText, formatCtime, parseCtimeLine, textMatches } from './ctime-line.ts';

// A line a test sent (from a client or on stdin) and expects in the log as `ctime + " " + text`.
export interface ExpectedLine {
  readonly text: string | RegExp;
  // Who sent it ("client 1", "stdin"): each source's lines must appear in the order they were sent.
  readonly from: string;
  // Wall-clock time (Date.now()) when it was sent.
  readonly sentAt: number;
  // Whether the server was seen to read it off its socket (kernel tables; absent where that cannot be
  // seen), for the diagnosis of a missing line.
  readonly readByServer?: boolean;
}

export interface LogLine {
  readonly number: number;
  readonly text: string;
}

export interface LineMatch {
  readonly expected: ExpectedLine;
  readonly line: LogLine;
  readonly entry: CtimeLine;
}

// How far a timestamp may be from the wall clock (the protocol's ±5 s), plus ctime's 1 s resolution.
export const CLOCK_SKEW_MS = 5000;

// Shows an expected line in messages.
export function showExpected(e: ExpectedLine): string {
  return typeof e.text === 'string' ? JSON.stringify(e.text) : `a line matching ${e.text}`;
}

function timeFits(entry: CtimeLine, e: ExpectedLine, now: number, skewMs: number): boolean {
  const t = entry.time.getTime();
  return t >= e.sentAt - skewMs - 1000 && t <= now + skewMs;
}

// Finds the expected lines among the log's timestamped lines: each source's lines in its own order (sources
// may interleave), each log line used once, each timestamp within ±skew of the wall clock. Blank and extra
// lines are ignored. Returns the matches and, per source, the first line not found.
export function matchLogLines(lines: readonly LogLine[], expected: readonly ExpectedLine[], { now = Date.now(), skewMs = CLOCK_SKEW_MS } = {}): { matched: LineMatch[]; missing: ExpectedLine[] } {
  const parsed = lines.map((line) => ({ line, entry: parseCtimeLine(line.text) }));
  const used = new Set<number>();
  const matched: LineMatch[] = [];
  const missing: ExpectedLine[] = [];
  const sources = [...new Set(expected.map((e) => e.from))];
  for (const source of sources) {
    let cursor = 0;
    for (const e of expected.filter((x) => x.from === source)) {
      let found = -1;
      for (let i = cursor; i < parsed.length; i++) {
        const { entry } = parsed[i] as { entry?: CtimeLine };
        if (!used.has(i) && entry && textMatches(entry.text, e.text) && timeFits(entry, e, now, skewMs)) {
          found = i;
          break;
        }
      }
      if (found < 0) {
        missing.push(e);
        break;
      }
      used.add(found);
      const hit = parsed[found] as { line: LogLine; entry: CtimeLine };
      matched.push({ expected: e, line: hit.line, entry: hit.entry });
      cursor = found + 1;
    }
  }
  return { matched, missing };
}

// Why an expected line is not in the log as its own timestamped line, when the file shows why.
export interface MissingDiagnosis {
  readonly code: 'E_LOG_MISSING' | 'E_LOG_FORMAT';
  readonly message: string;
  // Nothing in the log resembles the line: it may have been written somewhere else.
  readonly absent?: true;
}

function contains(text: string, e: ExpectedLine): boolean {
  return typeof e.text === 'string' ? comparableText(text).includes(comparableText(e.text)) : new RegExp(e.text.source.replace(/^\^|\$$/g, ''), e.text.flags).test(text);
}

// Names what became of a line the log lacks: logged without its own stamp after another line (two lines
// from one recv() logged as one entry), split over several entries (one recv() per line), with a stamp far
// from the wall clock or not in ctime() form, out of order, or unterminated. Falls back to "never appeared".
export function diagnoseMissing(lines: readonly LogLine[], tail: string, e: ExpectedLine, earlier: readonly LineMatch[], { now = Date.now(), skewMs = CLOCK_SKEW_MS } = {}): MissingDiagnosis {
  const what = `${showExpected(e)} from ${e.from}`;
  const parsed = lines.map((line) => ({ line, entry: parseCtimeLine(line.text) }));
  const anyStamped = parsed.some((p) => p.entry);
  for (const [i, { line, entry }] of parsed.entries()) {
    if (entry && textMatches(entry.text, e.text) && !timeFits(entry, e, now, skewMs)) {
      const offS = Math.round((entry.time.getTime() - e.sentAt) / 1000);
      return { code: 'E_LOG_FORMAT', message: `${what} was logged at line ${line.number} stamped ${JSON.stringify(entry.stamp)}, ${Math.abs(offS)} s ${offS < 0 ? 'before' : 'after'} it was sent (the wall clock said ${JSON.stringify(formatCtime(new Date(e.sentAt)))}; ±${skewMs / 1000} s allowed): stamp each line with time.ctime() when it arrives` };
    }
    if (!entry && textMatches(line.text, e.text)) {
      const previous = parsed.slice(0, i).reverse().find((p) => p.line.text.trim() !== '');
      if (anyStamped && previous?.entry) {
        return { code: 'E_LOG_MISSING', message: `${what} is line ${line.number} of the log with no timestamp of its own, right after ${JSON.stringify(previous.line.text)}: the lines that arrived in one recv() were logged as one entry (split what recv() returns on "\\n" and log each line)` };
      }
      return { code: 'E_LOG_FORMAT', message: `${what} is line ${line.number} of the log without a timestamp: each line must be written as time.ctime() + " " + line` };
    }
  }
  // Split over consecutive stamped entries: a line that arrived in several recv()s logged per recv().
  if (typeof e.text === 'string') {
    const want = comparableText(e.text);
    for (let i = 0; i < parsed.length; i++) {
      let joined = '';
      const parts: string[] = [];
      for (let j = i; j < Math.min(parsed.length, i + 8); j++) {
        const entry = parsed[j]?.entry;
        if (!entry) break;
        joined += comparableText(entry.text);
        parts.push(JSON.stringify(entry.text));
        if (!want.startsWith(joined)) break;
        if (joined === want && parts.length > 1) {
          return { code: 'E_LOG_MISSING', message: `${what} was logged as ${parts.length} entries, ${parts.join(' + ')} (lines ${parsed[i]?.line.number}–${parsed[j]?.line.number}): a line that arrives in several recv()s is still one line; keep the bytes until "\\n"` };
        }
      }
    }
  }
  const before = earlier.filter((m) => m.expected.from === e.from).at(-1);
  if (before) {
    const sooner = parsed.find((p) => p.entry && textMatches(p.entry.text, e.text) && p.line.number < before.line.number);
    if (sooner) return { code: 'E_LOG_MISSING', message: `${what} was logged at line ${sooner.line.number}, before ${showExpected(before.expected)} (line ${before.line.number}), which ${e.from} sent first: each client's lines must keep their order` };
  }
  for (const { line, entry } of parsed) {
    if (entry && !textMatches(entry.text, e.text) && contains(entry.text, e)) {
      return { code: 'E_LOG_MISSING', message: `${what} is only part of line ${line.number}, ${JSON.stringify(entry.text.slice(0, 120))}: each line the client sends must be its own log entry` };
    }
    if (!entry && contains(line.text, e)) {
      return { code: 'E_LOG_FORMAT', message: `${what} is in line ${line.number}, ${JSON.stringify(line.text.slice(0, 120))}, which does not start with a time.ctime() stamp ("${formatCtime(new Date(e.sentAt))} ${typeof e.text === 'string' ? e.text : '…'}")` };
    }
  }
  if (contains(tail, e)) {
    return { code: 'E_LOG_FORMAT', message: `${what} is at the end of the file without its "\\n": write time.ctime() + " " + line + "\\n"` };
  }
  const read =
    e.readByServer === true
      ? ': the server read it off the socket (the kernel shows nothing left unread), but it never reached the file. Write it and flush() (an unflushed line is lost when the server is killed)'
      : e.readByServer === false
        ? ': the server did not even read it off its socket (the kernel still held it unread a second after it was sent)'
        : '';
  return { code: 'E_LOG_MISSING', message: `${what} never appeared in the log${read}`, absent: true };
}
