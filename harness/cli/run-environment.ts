import { SockgradeError } from '../errors/sockgrade-error.ts';
import type { RunSettings } from '../run/run-settings.ts';
import { defaultRunSettings } from '../run/run-settings.ts';

// The environment variables sockgrade reads, all here and only here (the CLI calls this once):
//   SOCKGRADE_TIMEOUT_SCALE  a positive number stretching every deadline (default 1)
//   SOCKGRADE_SEED           a non-negative integer replaying one random stream split
//   SOCKGRADE_RUN_ID         the run's id (letters, digits, . _ -), set by a parent run or a self-test
//   SOCKGRADE_TIMING         any value: print when the first test started, the steps before it, and when
//                            the run ended (benchmarks)
//   SOCKGRADE_VERBOSE        any value: like --verbose (read by bin/sockgrade.js and main, which need it before anything else)
//   SOCKGRADE_CGROUPS        "off": never put servers in cgroups, limit them with rlimits only ("on": the default)
//   CI                       "true" or "1": fixtures needing a missing program fail instead of being skipped
// A bad value is one E_USAGE line naming the variable, the value and what it must be.
export function readRunEnvironment(env: NodeJS.ProcessEnv): RunSettings {
  const settings = defaultRunSettings();
  const scale = env.SOCKGRADE_TIMEOUT_SCALE;
  const seed = env.SOCKGRADE_SEED;
  const runId = env.SOCKGRADE_RUN_ID;
  const cgroups = env.SOCKGRADE_CGROUPS;
  return {
    ...settings,
    ...(runId !== undefined && runId !== '' ? { runId: checked('SOCKGRADE_RUN_ID', runId, /^[\w.-]{1,64}$/.test(runId), 'letters, digits, ".", "_" or "-", at most 64') } : {}),
    ...(scale !== undefined && scale !== '' ? { timeoutScale: number('SOCKGRADE_TIMEOUT_SCALE', scale, (n) => n > 0, 'a positive number') } : {}),
    ...(env.CI === 'true' || env.CI === '1' ? { ci: true } : {}),
    ...(env.SOCKGRADE_TIMING ? { timing: true } : {}),
    ...(cgroups !== undefined && cgroups !== '' ? { cgroups: checked('SOCKGRADE_CGROUPS', cgroups, cgroups === 'on' || cgroups === 'off', '"on" or "off"') === 'on' } : {}),
    ...(seed !== undefined && seed !== '' ? { seed: number('SOCKGRADE_SEED', seed, (n) => Number.isSafeInteger(n) && n >= 0, 'a non-negative integer') } : {}),
  };
}

function checked(name: string, raw: string, ok: boolean, what: string): string {
  if (!ok) throw new SockgradeError('E_USAGE', `${name} must be ${what}, got ${JSON.stringify(raw)}`);
  return raw;
}

function number(name: string, raw: string, ok: (n: number) => boolean, what: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || !ok(value)) throw new SockgradeError('E_USAGE', `${name} must be ${what}, got ${JSON.stringify(raw)}`);
  return value;
}
