import { expect, test } from 'vitest';
import { renderGithubClassroomOutput, toGithubClassroom } from './github-classroom.ts';
import { sampleResult } from './sample-result.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { setupFailureOf, setupFailureResult } from '../cli/setup-failure.ts';
import type { GradeResult } from '../grade/results.ts';

// What the reporter does with a runner's output: base64-decode the value and JSON.parse it.
function decode(line: string): ReturnType<typeof toGithubClassroom> {
  const match = /^result=([A-Za-z0-9+/=]+)\n$/.exec(line);
  expect(match, line.slice(0, 80)).not.toBeNull();
  return JSON.parse(Buffer.from(match![1]!, 'base64').toString('utf8'));
}

test('one result= line holding the runner format, version 1, every field of every test', () => {
  const result = decode(renderGithubClassroomOutput(sampleResult()));
  expect(result).toMatchObject({ version: 1, status: 'fail', max_score: 6.5 });
  for (const t of result.tests) expect(Object.keys(t).sort()).toEqual(['duration', 'filename', 'line_no', 'message', 'name', 'score', 'status', 'test_code']);
  expect(result.tests.map((t) => [t.name, t.status, t.score, t.line_no, t.duration])).toEqual([
    ['tcp-echo › echoes each message at once', 'pass', 2, 0, 0.012],
    ['tcp-echo › echoes all 256 byte values unchanged (binary-safe) #2', 'fail', 0, 0, 0.04],
    ['tcp-echo › closes its side promptly', 'pass', 0, 0, 0],
    ['udp-echo › answers one datagram', 'pass', 1.5, 0, 0.003],
  ]);
  // The reporter's grade is the sum of the tests' scores over max_score.
  expect(result.tests.reduce((s, t) => s + t.score, 0)).toBe(3.5);
});

test('a failure\'s message is its code and report; a skip says it counts for nothing', () => {
  const { tests } = toGithubClassroom(sampleResult());
  expect(tests[1]?.message.split('\n')[0]).toBe('E_MISMATCH: tcp-echo › echoes all 256 byte values unchanged (binary-safe) #2');
  expect(tests[1]?.message).toContain('hint: Treat data as bytes.');
  expect(tests[1]?.test_code).toBe('npx sockgrade --assignment tcp-echo');
  expect(tests[2]?.message).toBe('skipped (counts toward no score): needs /proc');
  expect(toGithubClassroom({ ...sampleResult(), assignments: [sampleResult().assignments[1]!] }).status).toBe('pass');
});

test('an exit-2 run is an error, scored 0 out of what it would have been graded on', () => {
  const failure = setupFailureOf(new SockgradeError('E_MANIFEST', '/x/sockgrade.json is not valid JSON'));
  const result = toGithubClassroom(setupFailureResult(failure, { maxScore: 0 }));
  expect(result).toMatchObject({ version: 1, status: 'error', max_score: 0 });
  expect(result.tests).toEqual([{ name: 'setup › manifest', status: 'error', score: 0, message: 'E_MANIFEST: setup › manifest\n/x/sockgrade.json is not valid JSON', test_code: 'npx sockgrade', filename: '', line_no: 0, duration: 0 }]);
});

// Many long failures: every test stays, each failure's report is trimmed to fit.
function manyFailures(count: number, lines = 200): GradeResult {
  const base = sampleResult();
  const failing = base.assignments[0]!.tests[1]!;
  return { ...base, assignments: [{ ...base.assignments[0]!, tests: Array.from({ length: count }, (_, i) => ({ ...failing, name: `t${i}`, message: `t${i} failed\n${'x'.repeat(100)}\n`.repeat(lines) })) }] };
}

test('many failing tests stay far below the 128 KiB environment limit: reports trimmed, every test kept', () => {
  for (const count of [30, 120]) {
    const line = renderGithubClassroomOutput(manyFailures(count));
    expect(line.length).toBeLessThanOrEqual(64 * 1024 + 'result=\n'.length);
    const result = decode(line);
    expect(result.tests).toHaveLength(count);
    expect(result.tests[0]?.message.startsWith('E_MISMATCH')).toBe(true);
  }
  expect(decode(renderGithubClassroomOutput(manyFailures(30))).tests[0]?.message).toContain('t0 failed\nxxx');
});

test('more tests than can fit at all: a one-line E_REPORT rather than a value the reporter cannot receive', () => {
  expect(() => renderGithubClassroomOutput(manyFailures(1000, 1))).toThrow(/--github-classroom: 1000 tests do not fit/);
});
