import type { GradeResult } from '../grade/results.ts';
import { assignmentResult, gradeResult } from '../grade/results.ts';

// A result with every kind of test the reports must carry: a pass, a failure whose report holds
// characters XML cannot (NUL, ESC), markup and entity look-alikes, a "#" and backticks, and its code;
// a skip; a test with its own Gradescope visibility; the run's wall time. For the reporters' tests.
export function sampleResult(): GradeResult {
  const failure = [
    'tcp-echo › echoes all 256 byte values unchanged (binary-safe) #2',
    'client 1 expected 256 bytes back but received different bytes',
    '  received  3 bytes "a\u0000b" <b>&amp;</b> &nbsp; &bogus; &#65; & ```',
    'server stderr:',
    '  [server] \u001b[31mTraceback\u001b[0m',
    'hint: Treat data as bytes.',
  ].join('\n');
  const result = gradeResult([
    assignmentResult('tcp-echo', [
      { name: 'echoes each message at once', status: 'passed', score: 2, maxScore: 2, message: '', summary: '', durationMs: 12.4 },
      { name: 'echoes all 256 byte values unchanged (binary-safe) #2', status: 'failed', score: 0, maxScore: 3, message: failure, summary: 'client 1 expected 256 bytes back but received different bytes', code: 'E_MISMATCH', durationMs: 40 },
      { name: 'closes its side promptly', status: 'skipped', score: 0, maxScore: 1, message: 'needs /proc', summary: 'needs /proc', durationMs: 0 },
    ]),
    assignmentResult('udp-echo', [{ name: 'answers one datagram', status: 'passed', score: 1.5, maxScore: 1.5, message: '', summary: '', durationMs: 3, visibility: 'after_due_date' }]),
  ]);
  return { ...result, durationMs: 1234 };
}
