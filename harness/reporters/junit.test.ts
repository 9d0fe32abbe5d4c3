import { expect, test } from 'vitest';
import { tapToJunit } from './junit.ts';
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
  // The failure's report survives, markup and all (an attribute's newlines read back as spaces).
  expect(junit.cases[1]?.failure).toContain('received  3 bytes "a\uFFFDb" <b>&amp;</b> &nbsp; &bogus; &#65; & ```');
  expect(junit.cases[1]?.failure).toContain('hint: Treat data as bytes.');
  expect(junit.cases.map((c) => c.systemOut.trim())).toEqual(['# 2/2 points', '# 0/3 points', '# skipped, counts toward no score', '# 1.5/1.5 points']);
});
