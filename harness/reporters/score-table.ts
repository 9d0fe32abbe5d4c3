import { styleText } from 'node:util';
import type { GradeResult, TestResult } from '../grade/results.ts';

type Style = Parameters<typeof styleText>[0];

// Colours only for a terminal that wants them.
function painter(color: boolean): (style: Style, text: string) => string {
  return color ? (style, text) => styleText(style, text) : (_style, text) => text;
}

const NAME_WIDTH = 64;

function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

function mark(test: TestResult): string {
  return test.status === 'passed' ? '✓' : test.status === 'failed' ? '✗' : '-';
}

// The score table a student reads first: one line per test, points, time, and each failure's first line.
export function renderScoreTable(result: GradeResult, { color = false }: { color?: boolean } = {}): string {
  const paint = painter(color);
  const lines: string[] = [];
  for (const assignment of result.assignments) {
    lines.push(paint('bold', `${fit(assignment.name, NAME_WIDTH + 4)} ${`${assignment.score}/${assignment.maxScore}`.padStart(7)}`));
    for (const test of assignment.tests) {
      const style: Style = test.status === 'passed' ? 'green' : test.status === 'failed' ? 'red' : 'yellow';
      const points = test.status === 'skipped' ? 'skip' : `${test.score}/${test.maxScore}`;
      lines.push(`  ${paint(style, mark(test))} ${fit(test.name, NAME_WIDTH)} ${points.padStart(7)} ${`${Math.round(test.durationMs)}ms`.padStart(7)}`);
      if (test.status !== 'passed' && test.summary) lines.push(paint('dim', `      ${fit(test.summary, NAME_WIDTH + 14).trimEnd()}`));
    }
  }
  lines.push(paint('bold', `${fit('total', NAME_WIDTH + 4)} ${`${result.score}/${result.maxScore}`.padStart(7)}`));
  return lines.join('\n');
}

// Every failure in full, separated, for the student to read after the table.
export function renderFailures(result: GradeResult, { color = false }: { color?: boolean } = {}): string {
  const paint = painter(color);
  const failures = result.assignments.flatMap((a) => a.tests.filter((t) => t.status === 'failed'));
  if (failures.length === 0) return '';
  return failures.map((t) => paint('red', '✗ ') + t.message).join(`\n\n${'─'.repeat(72)}\n`);
}
