import { runSettings } from '../run/run-settings.ts';

// Scales a deadline in milliseconds by the run's slow-machine factor (SOCKGRADE_TIMEOUT_SCALE=2 doubles them all).
export function scaled(ms: number): number {
  return Math.round(ms * runSettings().timeoutScale);
}

// Default deadlines, before scaling. A quiet window only proves silence, so it stays short.
export const defaultTimeouts = {
  startMs: 10000,
  expectMs: 2000,
  eofMs: 2000,
  quietMs: 200,
  graceMs: 300,
  testMs: 30000,
} as const;
