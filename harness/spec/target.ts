import { inject } from 'vitest';
import type { RunSettings } from '../run/run-settings.ts';

// The program a spec grades: a submission's command, or (by default, as in `npm test`) the reference.
export interface SubmissionTarget {
  readonly command: string;
  readonly submissionDir: string;
}

// What the CLI provides to the spec workers; absent keys mean "grade the reference".
export interface GradingContext {
  readonly targets: Readonly<Record<string, SubmissionTarget>>;
  // The run's settings, validated by the CLI (absent: defaults, as in a plain vitest run).
  readonly settings?: RunSettings;
}

declare module 'vitest' {
  interface ProvidedContext {
    sockgrade: GradingContext;
  }
}

// The submission to grade for an assignment, or undefined when the reference is graded.
export function submissionFor(assignment: string): SubmissionTarget | undefined {
  const context = inject('sockgrade') as GradingContext | undefined;
  return context?.targets[assignment];
}
