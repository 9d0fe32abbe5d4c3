import type { GradeResult } from '../grade/results.ts';

// The few lines a platform shows above the tests: each assignment's points and the total, or, when
// grading could not run, why (the stage test's one-line reason).
export function resultSummary(result: GradeResult): string {
  if (result.gradable === false) {
    const reason = result.assignments[0]?.tests[0]?.summary ?? 'grading could not run';
    return `sockgrade could not grade this submission: ${reason}\ntotal: ${result.score}/${result.maxScore}`;
  }
  return [...result.assignments.map((a) => `${a.name}: ${a.score}/${a.maxScore}`), `total: ${result.score}/${result.maxScore}`].join('\n');
}
