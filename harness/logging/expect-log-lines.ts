import { SockgradeError } from '../errors/sockgrade-error.ts';
import type { LogFile } from '../files/log-file.ts';
import { describeLog } from '../files/log-file.ts';
import { plural } from '../bytes/show-bytes.ts';
import type { ExpectedLine, LineMatch } from './log-match.ts';
import { CLOCK_SKEW_MS, diagnoseMissing, matchLogLines, showExpected } from './log-match.ts';

// Waits until every expected line is in the log as `ctime + " " + text` (each source's lines in order,
// stamps within ±5 s of the wall clock); at the deadline fails with the first line missing, what became
// of it when the file shows that, what the file held and how long it waited.
export async function expectLogLines(log: LogFile, expected: readonly ExpectedLine[], { timeoutMs, skewMs = CLOCK_SKEW_MS }: { timeoutMs: number; skewMs?: number }): Promise<LineMatch[]> {
  return log.waitFor(
    (snapshot) => {
      const { matched, missing } = matchLogLines(snapshot.lines, expected, { now: Date.now(), skewMs });
      return missing.length === 0 ? matched : undefined;
    },
    timeoutMs,
    (snapshot, waitedMs) => {
      const now = Date.now();
      const { matched, missing } = matchLogLines(snapshot.lines, expected, { now, skewMs });
      const first = missing[0] as ExpectedLine;
      const { code, message } = diagnoseMissing(snapshot.lines, snapshot.tail, first, matched, { now, skewMs });
      const others = missing.slice(1).map((e) => `${showExpected(e)} from ${e.from}`);
      return new SockgradeError(code, `${message} (waited ${waitedMs}ms)`, {
        details: [`expected ${plural(expected.length, 'line')}, found ${matched.length}${others.length > 0 ? `; also missing: ${others.join(', ')}` : ''}`, `log ${log.path}: ${describeLog(snapshot)}`].join('\n'),
        context: { file: log.path, waitedMs },
      });
    },
  );
}
