import { expect, test } from 'vitest';
import { renderMarkdownSummary } from './markdown-summary.ts';
import { sampleResult } from './sample-result.ts';
import type { GradeResult } from '../grade/results.ts';

test('a score line, a row per test, and each failure\'s report in a collapsed block', () => {
  const md = renderMarkdownSummary(sampleResult(), { title: 'sockgrade alice' });
  expect(md.split('\n')[0]).toBe('### sockgrade alice: 3.5/6.5 points');
  expect(md).toContain('| | **tcp-echo** | **2/5** | |');
  expect(md).toContain('| ✅ | echoes each message at once | 2/2 | 12 ms |');
  expect(md).toContain('| ❌ | echoes all 256 byte values unchanged (binary-safe) #2<br>client 1 expected 256 bytes back but received different bytes | 0/3 | 40 ms |');
  expect(md).toContain('| ⏭️ | closes its side promptly<br>needs /proc | skipped | 0 ms |');
  expect(md).toContain('| | **total** | **3.5/6.5** | |');
  expect(md).toContain('<details><summary>❌ tcp-echo › echoes all 256 byte values unchanged (binary-safe) #2 (0/3) E_MISMATCH</summary>');
  // The report holds a ``` run, so its fence is longer; the markup inside stays literal.
  expect(md).toContain('````text\ntcp-echo › echoes all 256');
  expect(md).toContain('<b>&amp;</b> &nbsp; &bogus; &#65; & ```\n');
});

test('a class-sized failure list stays far below GitHub\'s 1 MiB summary limit', () => {
  const base = sampleResult();
  const failing = base.assignments[0]!.tests[1]!;
  const many: GradeResult = { ...base, assignments: [{ ...base.assignments[0]!, tests: Array.from({ length: 500 }, (_, i) => ({ ...failing, name: `t${i}`, message: 'x\n'.repeat(5000) })) }] };
  const md = renderMarkdownSummary(many);
  expect(md.length).toBeLessThan(300 * 1024);
  expect(md).toContain('More failures are left out of this summary');
});
