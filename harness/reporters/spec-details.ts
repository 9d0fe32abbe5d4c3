import type { Reporter, TestCase } from 'vitest/node';
import '../spec/task-meta.ts';

// For `npm test`: vitest's own output shows a failing spec's error; this adds what a teacher needs to
// judge it, the wire transcript, the server's status and output tails, and the hint.
export default class SpecDetailsReporter implements Reporter {
  onTestCaseResult(testCase: TestCase): void {
    if (testCase.result().state !== 'failed') return;
    const meta = testCase.meta();
    if (!meta.transcript && !meta.server) return;
    const lines = [`\n── details: ${testCase.fullName}`];
    if (meta.transcript) lines.push('transcript:', ...meta.transcript.split('\n').map((line) => `  ${line}`));
    if (meta.server) lines.push(meta.server);
    if (meta.hint) lines.push(`hint: ${meta.hint}`);
    process.stderr.write(`${lines.join('\n')}\n`);
  }
}
