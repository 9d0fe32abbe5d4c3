import { inject } from 'vitest';
import type { RunSettings } from '../run/run-settings.ts';
import type { ServerLimits } from '../sandbox/server-limits.ts';

// One program a run grades on one assignment: a student's submission, a reference, a fixture.
export interface GradingTarget {
  // Unique in the run; results are grouped by it ("submission", "reference", "fixture echo-ok", a student's folder name).
  readonly id: string;
  readonly assignment: string;
  // Names the program in messages: "submission", "reference/tcp-echo", "fixtures/tcp-echo/echo-ok".
  readonly label: string;
  // The manifest command, placeholders unfilled.
  readonly command: string;
  // Its folder, whose entries are linked into each server's working folder.
  readonly submissionDir: string;
  // Limits of its own, over everything else (a fixture's expected.json "limits", for sockgrade check).
  readonly limits?: Partial<ServerLimits>;
}

// What the CLI provides to the spec workers: the run's settings and every target of the run.
export interface GradingContext {
  readonly settings: RunSettings;
  readonly targets: readonly GradingTarget[];
}

declare module 'vitest' {
  interface ProvidedContext {
    sockgrade: GradingContext;
  }
}

// The context the CLI provided, or undefined in a plain vitest run (a teacher running vitest directly).
export function providedContext(): GradingContext | undefined {
  try {
    return inject('sockgrade') as GradingContext | undefined;
  } catch {
    return undefined;
  }
}
