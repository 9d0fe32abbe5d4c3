import { expect, test } from 'vitest';
import { renderJunit, tapToJunit } from './junit.ts';
import { renderTap } from './tap.ts';
import { sampleResult } from './sample-result.ts';
import { parseJunit } from './parse-xml.ts';

test('tap-junit turns our TAP into well-formed JUnit XML that agrees with it', async () => {
  const xml = await tapToJunit(renderTap(sampleResult()), { suite: 'alice' });
  expect(xml.startsWith('<?xml')).toBe(true);
  const junit = await parseJunit(xml);
  expect(junit.suites).toEqual([{ tests: 4, failures: 1, skipped: 1 }]);
  expect(junit.cases.map((c) => [c.name, c.failure !== undefined, c.skipped])).toEqual([
    ['tcp-echo › echoes each message at once', false, false],
    ['tcp-echo › echoes all 256 byte values unchanged (binary-safe) #2', true, false],
    ['tcp-echo › closes its side promptly', false, true],
    ['udp-echo › answers one datagram', false, false],
  ]);
  expect(junit.cases.map((c) => c.systemOut.trim())).toEqual(['# 2/2 points', '# 0/3 points', '# skipped, counts toward no score', '# 1.5/1.5 points']);
});

test('finished: the report with its newlines in the failure body, one line as message, the code as type', async () => {
  const junit = await parseJunit(await renderJunit(sampleResult(), { suite: 'alice' }));
  const failed = junit.cases[1];
  expect(failed?.failureMessage).toBe('client 1 expected 256 bytes back but received different bytes');
  expect(failed?.failureType).toBe('E_MISMATCH');
  expect(failed?.failure?.split('\n')).toEqual([
    'tcp-echo › echoes all 256 byte values unchanged (binary-safe) #2',
    'client 1 expected 256 bytes back but received different bytes',
    '  received  3 bytes "a\uFFFDb" <b>&amp;</b> &nbsp; &bogus; &#65; & ```',
    'server stderr:',
    '  [server] \uFFFD[31mTraceback\uFFFD[0m',
    'hint: Treat data as bytes.',
  ]);
});

test('finished: classname is the assignment, time in seconds, the skip says why', async () => {
  const junit = await parseJunit(await renderJunit(sampleResult(), { suite: 'alice' }));
  expect(junit.cases.map((c) => [c.classname, c.name, c.time])).toEqual([
    ['tcp-echo', 'echoes each message at once', '0.012'],
    ['tcp-echo', 'echoes all 256 byte values unchanged (binary-safe) #2', '0.040'],
    ['tcp-echo', 'closes its side promptly', '0.000'],
    ['udp-echo', 'answers one datagram', '0.003'],
  ]);
  expect(junit.cases[2]?.skippedText).toBe('needs /proc');
  expect(junit.suites).toEqual([{ tests: 4, failures: 1, skipped: 1, time: '1.234' }]);
});
