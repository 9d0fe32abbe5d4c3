import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import type { LogFile } from '../files/log-file.ts';
import { describeLog } from '../files/log-file.ts';
import { plural } from '../bytes/show-bytes.ts';
import type { ExpectedLine, LineMatch, MissingDiagnosis } from './log-match.ts';
import { CLOCK_SKEW_MS, diagnoseMissing, matchLogLines, showExpected } from './log-match.ts';
import { parseCtimeLine, textMatches } from './ctime-line.ts';

// A file in the log's folder (the server's working folder) other than the log that holds the line: the
// server wrote its log under a name of its own ("log.txt") instead of the path it was given.
async function writtenElsewhere(log: string, expected: string | RegExp): Promise<string | undefined> {
  const dir = path.dirname(log);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    // Symlinks are the submission's own files, linked in; only what the server created counts.
    if (!entry.isFile() || path.join(dir, entry.name) === log) continue;
    const content = await readFile(path.join(dir, entry.name)).catch(() => Buffer.alloc(0));
    const lines = content.subarray(0, 1024 * 1024).toString('utf8').split('\n');
    if (lines.some((line) => (typeof expected === 'string' ? line.includes(expected) : textMatches(parseCtimeLine(line)?.text ?? line, expected)))) return entry.name;
  }
  return undefined;
}

// Waits until every expected line is in the log as `ctime + " " + text` (each source's lines in order,
// stamps within ±5 s of the wall clock); at the deadline fails with the first line missing, what became
// of it when the file shows that (or the file of its own the server wrote it to), what the file held
// and how long it waited.
export async function expectLogLines(log: LogFile, expected: readonly ExpectedLine[], { timeoutMs, skewMs = CLOCK_SKEW_MS }: { timeoutMs: number; skewMs?: number }): Promise<LineMatch[]> {
  let missingLine: { line: ExpectedLine; diagnosis: MissingDiagnosis } | undefined;
  try {
    return await log.waitFor(
      (snapshot) => {
        const { matched, missing } = matchLogLines(snapshot.lines, expected, { now: Date.now(), skewMs });
        return missing.length === 0 ? matched : undefined;
      },
      timeoutMs,
      (snapshot, waitedMs) => {
        const now = Date.now();
        const { matched, missing } = matchLogLines(snapshot.lines, expected, { now, skewMs });
        const first = missing[0] as ExpectedLine;
        const diagnosis = diagnoseMissing(snapshot.lines, snapshot.tail, first, matched, { now, skewMs });
        missingLine = { line: first, diagnosis };
        const others = missing.slice(1).map((e) => `${showExpected(e)} from ${e.from}`);
        return new SockgradeError(diagnosis.code, `${diagnosis.message} (waited ${waitedMs}ms)`, {
          details: [`expected ${plural(expected.length, 'line')}, found ${matched.length}${others.length > 0 ? `; also missing: ${others.join(', ')}` : ''}`, `log ${log.path}: ${describeLog(snapshot)}`].join('\n'),
          context: { file: log.path, waitedMs },
        });
      },
    );
  } catch (err) {
    if (!(err instanceof SockgradeError) || !missingLine?.diagnosis.absent) throw err;
    const other = await writtenElsewhere(log.path, missingLine.line.text);
    if (!other) throw err;
    throw new SockgradeError('E_LOG_MISSING', `${showExpected(missingLine.line)} from ${missingLine.line.from} is in ${JSON.stringify(other)} in the server's working folder, not in the log it was given: write to the path passed as {log} (sys.argv[2], also $LOG_PATH)`, {
      details: err.details,
      context: err.context,
    });
  }
}
