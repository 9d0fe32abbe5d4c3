import { inject } from 'vitest';

// The program a spec grades: a submission's command, or (by default, as in `npm test`) the reference.
export interface SubmissionTarget {
  readonly command: string;
  readonly submissionDir: string;
}

// What the CLI provides to the spec workers; absent keys mean "grade the reference".
export interface GradingContext {
  readonly targets: Readonly<Record<string, SubmissionTarget>>;
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
