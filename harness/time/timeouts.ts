// One factor stretches every deadline for slow machines: SOCKGRADE_TIMEOUT_SCALE=2 doubles them all.
export const timeoutScale: number = parseScale(process.env.SOCKGRADE_TIMEOUT_SCALE);

function parseScale(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`SOCKGRADE_TIMEOUT_SCALE must be a positive number, got ${JSON.stringify(raw)} (string)`);
  }
  return value;
}

// Scales a deadline in milliseconds by the slow-machine factor.
export function scaled(ms: number): number {
  return Math.round(ms * timeoutScale);
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
