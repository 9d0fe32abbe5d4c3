// Log lines written as `time.ctime() + " " + line`: "Tue Nov 24 00:48:18 2026 hello". ctime() is
// asctime() of local time (Python docs, time.ctime; C asctime(3)): weekday, month, the day padded with a
// space to two characters, hh:mm:ss, the year. The parser also takes a zero-padded or unpadded day.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const CTIME = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})/;

// A timestamped log line: when it says it was written (local time) and the text after "stamp ".
export interface CtimeLine {
  readonly time: Date;
  readonly stamp: string;
  readonly text: string;
}

// The ctime() text of a moment in local time: "Tue Nov 24 00:48:18 2026", "Wed Jun  9 04:26:40 1993".
export function formatCtime(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[date.getDay()]} ${MONTHS[date.getMonth()]} ${String(date.getDate()).padStart(2, ' ')} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())} ${date.getFullYear()}`;
}

// Parses "stamp text": the stamp must be a real local date whose weekday matches, followed by one space
// and the text (which may be empty or keep a trailing "\r"). Undefined when the line has no such stamp.
export function parseCtimeLine(line: string): CtimeLine | undefined {
  const m = CTIME.exec(line);
  if (!m) return undefined;
  const [stamp, day, month, date, hh, mm, ss, year] = m as unknown as [string, string, string, string, string, string, string, string];
  const time = new Date(Number(year), MONTHS.indexOf(month as (typeof MONTHS)[number]), Number(date), Number(hh), Number(mm), Number(ss));
  if (time.getDate() !== Number(date) || time.getHours() !== Number(hh) || time.getMinutes() !== Number(mm) || DAYS[time.getDay()] !== day) return undefined;
  const rest = line.slice(stamp.length);
  if (rest !== '' && !rest.startsWith(' ')) return undefined;
  return { time, stamp, text: rest.slice(1) };
}

// True when a log line carries nothing to check: empty, whitespace, or a stamp with no text.
export function isBlankLogLine(line: string): boolean {
  if (line.trim() === '') return true;
  const parsed = parseCtimeLine(line);
  return parsed !== undefined && parsed.text.trim() === '';
}

// A log line's text as compared: a trailing "\r" (the client's CRLF) may be kept or dropped.
export function comparableText(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

// True when a logged text is the expected line: equal but for a trailing "\r", or matching the pattern
// (patterns see the text without its "\r", so /^bad \uFFFD+ bytes$/ takes one or more U+FFFD).
export function textMatches(text: string, expected: string | RegExp): boolean {
  const got = comparableText(text);
  return typeof expected === 'string' ? got === comparableText(expected) : expected.test(got);
}
