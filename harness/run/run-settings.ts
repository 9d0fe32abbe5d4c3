import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import type { ServerLimits } from '../sandbox/server-limits.ts';

// What one grading run needs to know everywhere: read and validated once (by the CLI from its options
// and environment), then handed down — to spec workers through vitest's `provide` — never re-read from
// process.env by the modules that use it.
export interface RunSettings {
  // Every server of the run carries a token starting with `${runId}.`, so the run can clean up after itself.
  readonly runId: string;
  // The run's temp folder (the CLI makes one); servers' folders go there. Undefined: the system temp folder.
  readonly runDir?: string;
  // Stretches every deadline for slow machines (SOCKGRADE_TIMEOUT_SCALE).
  readonly timeoutScale: number;
  // Replays one random stream split (SOCKGRADE_SEED).
  readonly seed?: number;
  // Running in CI (CI=true): a fixture that needs a missing program fails instead of being skipped.
  readonly ci?: boolean;
  // Print when the first test started, the steps before it, and when the run ended (SOCKGRADE_TIMING=1;
  // the benchmark reads it).
  readonly timing?: boolean;
  // Servers' limits set for the whole run, over the defaults: the course's (its package.json
  // "sockgrade": {"limits"}) below each spec's own, the command line's (--limit) above them.
  readonly limits?: { readonly course?: Partial<ServerLimits>; readonly cli?: Partial<ServerLimits> };
  // Where the run's spawner process listens (harness/launch/spawner-service.ts): spec workers start their
  // servers through it. Undefined: each worker starts its own.
  readonly spawner?: string;
  // false: never put servers in cgroups, rlimits only (SOCKGRADE_CGROUPS=off).
  readonly cgroups?: boolean;
}

let current: RunSettings | undefined;

// Settings for a process nobody configured (a unit test, a teacher running vitest directly).
export function defaultRunSettings(): RunSettings {
  return { runId: randomBytes(6).toString('hex'), timeoutScale: 1 };
}

// This process's settings: the ones given to useRunSettings, else defaults chosen once.
export function runSettings(): RunSettings {
  current ??= defaultRunSettings();
  return current;
}

// Makes these the settings of this process (the CLI before a run; a spec worker from what the CLI provided).
export function useRunSettings(settings: RunSettings): void {
  current = settings;
}

// Where this run's temp folders go.
export function tempRoot(): string {
  return runSettings().runDir ?? tmpdir();
}
