import type { GradeResult, TestResult } from '../grade/results.ts';
import { countedMaxScore } from '../grade/results.ts';
import { reportText } from './report-text.ts';
import { testLabel } from './test-label.ts';

// A failure in TAP (and in the JUnit made from it) is cut to this many characters.
export const MESSAGE_CHARS = 8000;

// TAP descriptions end at a newline and treat "#" as the start of a directive.
function description(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\\/g, '\\\\').replace(/#/g, '\\#');
}

// A YAML block scalar with an explicit indentation indicator, so a first line that starts with
// spaces cannot change the block's indentation (YAML 1.2 §8.1.1.1).
function yamlBlock(key: string, text: string): string[] {
  return [`${key}: |2-`, ...text.split('\n').map((line) => `  ${line}`)];
}

// The YAML block: points (a skip counts toward no score, so its maxScore is 0 as in every report), the
// duration as duration_ms (what Node's TAP reporter writes and tap-parser reads as the test's time),
// and a failure's code and report.
function diagnostics(assignment: string, test: TestResult): string[] {
  const yaml = [
    `assignment: ${JSON.stringify(assignment)}`,
    `status: ${test.status}`,
    `score: ${test.score}`,
    `maxScore: ${countedMaxScore(test)}`,
    `duration_ms: ${Math.round(test.durationMs)}`,
    ...(test.status === 'failed' ? [`code: ${test.code ?? 'E_SPEC_ERROR'}`, ...yamlBlock('message', reportText(test.message, MESSAGE_CHARS))] : []),
  ];
  // Blank lines keep the block's indentation: tap-parser ends a YAML block at an unindented line.
  return ['  ---', ...yaml.map((line) => `  ${line}`), '  ...'];
}

// TAP version 13: one test point per test named "assignment › test", its points in the YAML block
// (and in the comment before it, which tap-junit keeps as the JUnit test case's system-out).
export function renderTap(result: GradeResult): string {
  const tests = result.assignments.flatMap((a) => a.tests.map((test) => ({ assignment: a.name, test })));
  const lines = ['TAP version 13', `1..${tests.length}`];
  tests.forEach(({ assignment, test }, index) => {
    const points = test.status === 'skipped' ? 'skipped, counts toward no score' : `${test.score}/${test.maxScore} points`;
    lines.push(`# ${points}`);
    const ok = test.status === 'failed' ? 'not ok' : 'ok';
    const directive = test.status === 'skipped' ? ` # SKIP ${description(test.summary || 'skipped')}` : '';
    lines.push(`${ok} ${index + 1} - ${description(testLabel(assignment, test.name))}${directive}`, ...diagnostics(assignment, test));
  });
  for (const a of result.assignments) lines.push(`# ${a.name}: ${a.score}/${a.maxScore}`);
  lines.push(`# total: ${result.score}/${result.maxScore}`);
  return `${lines.join('\n')}\n`;
}
