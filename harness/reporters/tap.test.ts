import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import { renderTap } from './tap.ts';
import { sampleResult } from './sample-result.ts';

interface Assert {
  ok: boolean;
  id: number;
  name: string;
  skip?: string | boolean;
  time?: number;
  diag?: Record<string, unknown>;
}

// Parses TAP with the parser tap-junit itself uses (its own dependency, resolved from it).
function parseTap(text: string): Promise<{ asserts: Assert[]; ok: boolean }> {
  const require = createRequire(createRequire(import.meta.url).resolve('tap-junit'));
  const { Parser } = require('tap-parser') as { Parser: new (cb: (r: { ok: boolean }) => void) => NodeJS.WritableStream & { on(e: 'assert', f: (a: Assert) => void): void } };
  return new Promise((resolve) => {
    const asserts: Assert[] = [];
    const parser = new Parser((results) => resolve({ asserts, ok: results.ok }));
    parser.on('assert', (a) => asserts.push(a));
    parser.end(text);
  });
}

test('one test point per test, named "assignment › test", with its points in the YAML block', async () => {
  const tap = renderTap(sampleResult());
  expect(tap.startsWith('TAP version 13\n1..4\n')).toBe(true);
  const { asserts, ok } = await parseTap(tap);
  expect(ok).toBe(false);
  expect(asserts.map((a) => [a.id, a.ok, a.name])).toEqual([
    [1, true, 'tcp-echo › echoes each message at once'],
    [2, false, 'tcp-echo › echoes all 256 byte values unchanged (binary-safe) #2'],
    [3, true, 'tcp-echo › closes its side promptly'],
    [4, true, 'udp-echo › answers one datagram'],
  ]);
  expect(asserts[0]?.diag).toMatchObject({ assignment: 'tcp-echo', status: 'passed', score: 2, maxScore: 2 });
  expect(asserts[1]?.diag).toMatchObject({ status: 'failed', score: 0, maxScore: 3, code: 'E_MISMATCH' });
  expect(asserts[3]?.diag).toMatchObject({ score: 1.5, maxScore: 1.5 });
});

test('a skip says why and, as in every report, is worth nothing', async () => {
  const { asserts } = await parseTap(renderTap(sampleResult()));
  expect(asserts[2]?.skip).toBe('needs /proc');
  expect(asserts[2]?.diag).toMatchObject({ status: 'skipped', score: 0, maxScore: 0 });
});

test('each test\'s duration is duration_ms in its YAML block, which tap-parser reads as the test\'s time', async () => {
  const tap = renderTap(sampleResult());
  expect(tap.match(/^ {2}duration_ms: \d+$/gm)).toEqual(['  duration_ms: 12', '  duration_ms: 40', '  duration_ms: 0', '  duration_ms: 3']);
  const { asserts } = await parseTap(tap);
  expect(asserts.map((a) => a.time)).toEqual([12, 40, 0, 3]);
});

test('a failure carries the student\'s report in full, line by line, unprintable bytes replaced', async () => {
  const { asserts } = await parseTap(renderTap(sampleResult()));
  const message = asserts[1]?.diag?.message as string;
  expect(message.split('\n')).toHaveLength(6);
  expect(message).toContain('received  3 bytes "a\uFFFDb" <b>&amp;</b> &nbsp; &bogus; &#65; & ```');
  expect(message).toContain('[server] \uFFFD[31mTraceback');
  expect(message.endsWith('hint: Treat data as bytes.')).toBe(true);
});
