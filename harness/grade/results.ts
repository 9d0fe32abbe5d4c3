import type { SockgradeErrorCode } from '../errors/sockgrade-error.ts';
import type { ServerSummary } from '../launch/started-server.ts';
import type { TranscriptEventJson } from '../clients/transcript.ts';
import type { TestVisibility } from '../spec/task-meta.ts';
import type { ByteMismatch } from '../bytes/byte-mismatch.ts';

// The JSON result contract (DESIGN.md): one shape shared by every reporter.
export type TestStatus = 'passed' | 'failed' | 'skipped';

export interface TestResult {
  readonly name: string;
  readonly status: TestStatus;
  readonly score: number;
  readonly maxScore: number;
  // Full failure report (or skip reason); empty for a pass.
  readonly message: string;
  readonly durationMs: number;
  // One line for tables: the first line of the failure.
  readonly summary: string;
  // A failed test's stable error code (E_MISMATCH, E_EXITED_EARLY, …: README.md "Error codes").
  readonly code?: SockgradeErrorCode;
  // The teacher's hint.
  readonly hint?: string;
  // The server of a failed test, as data: how it ended, its output tails.
  readonly server?: ServerSummary;
  // The wire conversation of a failed test, as data.
  readonly events?: readonly TranscriptEventJson[];
  // What a failed expectation awaited and what came instead, as data (the HTML report marks it).
  readonly mismatch?: ByteMismatch;
  // The spec's meta.visibility for Gradescope; absent: the run's default.
  readonly visibility?: TestVisibility;
}

export interface AssignmentResult {
  readonly name: string;
  readonly score: number;
  readonly maxScore: number;
  readonly tests: readonly TestResult[];
}

export interface GradeResult {
  readonly score: number;
  readonly maxScore: number;
  readonly assignments: readonly AssignmentResult[];
  // Wall time of the grading, when measured.
  readonly durationMs?: number;
  // false when grading could not run (exit 2): the result then holds one failed test naming the stage.
  readonly gradable?: boolean;
}

// Sums an assignment's tests; a test skipped for lack of a platform feature counts toward neither score.
export function assignmentResult(name: string, tests: readonly TestResult[]): AssignmentResult {
  const counted = tests.filter((t) => t.status !== 'skipped');
  return { name, tests, score: sum(counted.map((t) => t.score)), maxScore: sum(counted.map((t) => t.maxScore)) };
}

export function gradeResult(assignments: readonly AssignmentResult[]): GradeResult {
  return { assignments, score: sum(assignments.map((a) => a.score)), maxScore: sum(assignments.map((a) => a.maxScore)) };
}

// A skipped test's points as every report shows them: it counts toward neither score.
export function countedMaxScore(test: TestResult): number {
  return test.status === 'skipped' ? 0 : test.maxScore;
}

// The contract's JSON form, plus each failed test's code and its server's exit status and stderr tail.
export function toJson(result: GradeResult): object {
  return {
    score: result.score,
    maxScore: result.maxScore,
    assignments: result.assignments.map((a) => ({
      name: a.name,
      score: a.score,
      maxScore: a.maxScore,
      tests: a.tests.map((t) => ({
        name: t.name,
        status: t.status,
        score: t.score,
        maxScore: t.maxScore,
        message: t.message,
        durationMs: Math.round(t.durationMs),
        ...(t.code ? { code: t.code } : {}),
        ...(t.status === 'failed' && t.server ? { server: { status: t.server.status, exitCode: t.server.exitCode, signal: t.server.signal, stderrTail: t.server.stderrTail } } : {}),
      })),
    })),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
