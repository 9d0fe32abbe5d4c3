import { expect, test } from 'vitest';
import { renderPrairieLearn, toPrairieLearn } from './prairielearn.ts';
import { sampleResult } from './sample-result.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { setupFailureOf, setupFailureResult } from '../cli/setup-failure.ts';
import type { GradeResult } from '../grade/results.ts';

test('PrairieLearn\'s results.json: gradable, the score as a fraction, a message, and every test\'s points', () => {
  const results = JSON.parse(renderPrairieLearn(sampleResult()));
  expect(results).toMatchObject({ gradable: true, score: 3.5 / 6.5, message: 'sockgrade: 3.5/6.5 points', output: 'tcp-echo: 2/5\nudp-echo: 1.5/1.5\ntotal: 3.5/6.5' });
  expect(results).not.toHaveProperty('format_errors');
  expect(results.tests.map((t: { name: string; points: number; max_points: number }) => [t.name, t.points, t.max_points])).toEqual([
    ['tcp-echo › echoes each message at once', 2, 2],
    ['tcp-echo › echoes all 256 byte values unchanged (binary-safe) #2', 0, 3],
    ['tcp-echo › closes its side promptly', 0, 0],
    ['udp-echo › answers one datagram', 1.5, 1.5],
  ]);
});

test('a failure: its code and summary as the message, its report as the output; a skip says why', () => {
  const [, failed, skipped] = toPrairieLearn(sampleResult()).tests;
  expect(failed?.message).toBe('E_MISMATCH: client 1 expected 256 bytes back but received different bytes');
  expect(failed?.output.split('\n')[0]).toBe('tcp-echo › echoes all 256 byte values unchanged (binary-safe) #2');
  expect(failed?.output).toContain('hint: Treat data as bytes.');
  expect(skipped).toEqual({ name: 'tcp-echo › closes its side promptly', points: 0, max_points: 0, message: 'skipped (counts toward no score): needs /proc', output: '' });
});

test('an exit-2 run is "gradable": false, saying why in format_errors', () => {
  const failure = setupFailureOf(new SockgradeError('E_BUILD', 'build failed: "make" exited with code 2', { details: 'server.c:3: error' }));
  const results = toPrairieLearn(setupFailureResult(failure, { maxScore: 13 }));
  expect(results).toMatchObject({ gradable: false, score: 0, format_errors: ['E_BUILD: build failed: "make" exited with code 2'] });
  expect(results.message).toBe('sockgrade could not grade this submission: build failed: "make" exited with code 2');
  expect(results.tests[0]?.output).toContain('server.c:3: error');
});

test('a class-sized failure list stays below PrairieLearn\'s 1 MB', () => {
  const base = sampleResult();
  const failing = base.assignments[0]!.tests[1]!;
  const many: GradeResult = { ...base, assignments: [{ ...base.assignments[0]!, tests: Array.from({ length: 500 }, (_, i) => ({ ...failing, name: `t${i}`, message: 'x\n'.repeat(5000) })) }] };
  const text = renderPrairieLearn(many);
  expect(Buffer.byteLength(text)).toBeLessThan(1_000_000);
  expect(JSON.parse(text).tests).toHaveLength(500);
});
