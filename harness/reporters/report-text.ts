// Characters XML 1.0 cannot carry at all (C0 controls other than tab/newline/CR, lone surrogates,
// U+FFFE/U+FFFF), plus DEL and C1 controls that terminals would interpret: each becomes U+FFFD.
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Room kept for the line that says what was cut.
const MARKER_ROOM = 80;

// Whole lines from the start of lines (or from its end) that fit in budget characters.
function fitLines(lines: readonly string[], budget: number, fromEnd: boolean): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const line of fromEnd ? [...lines].reverse() : lines) {
    if (used + line.length + 1 > budget) break;
    kept.push(line);
    used += line.length + 1;
  }
  return fromEnd ? kept.reverse() : kept;
}

// A failure report as a report file carries it: the same text the student sees, with characters no
// report format can hold replaced, and the middle cut out when it is longer than maxChars (the error
// line at the top and the server tail and hint at the bottom matter most; the transcript is between).
export function reportText(text: string, maxChars: number): string {
  const clean = text.replace(/\r\n?/g, '\n').replace(UNPRINTABLE, '\uFFFD');
  if (clean.length <= maxChars) return clean;
  const lines = clean.split('\n');
  const headBudget = Math.floor((maxChars - MARKER_ROOM) * 0.6);
  let head = fitLines(lines, headBudget, false);
  // One line longer than the whole budget: keep its start.
  if (head.length === 0) head = [`${(lines[0] as string).slice(0, headBudget)}…`];
  const tail = fitLines(lines.slice(head.length), maxChars - MARKER_ROOM - head.join('\n').length, true);
  const cut = clean.length - head.join('\n').length - tail.join('\n').length;
  return [...head, `… ${cut} characters trimmed (the full report is in the CLI's output and its --json file) …`, ...tail].join('\n');
}
