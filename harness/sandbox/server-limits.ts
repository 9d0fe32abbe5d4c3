import { SockgradeError } from '../errors/sockgrade-error.ts';

// What one server under test may use. Every server gets these, each test's server its own.
export interface ServerLimits {
  // Memory of the server and everything it starts, in MiB (a memory cgroup; without one, see sandbox.ts).
  readonly memoryMiB: number;
  // Processes and threads alive at once, the server's included (a pids cgroup; none without one).
  readonly processes: number;
  // Largest file any of its processes may write, in MiB (RLIMIT_FSIZE).
  readonly fileSizeMiB: number;
  // Open descriptors per process (RLIMIT_NOFILE).
  readonly openFiles: number;
  // CPU seconds per process (RLIMIT_CPU), stretched by the run's timeout scale like every deadline.
  readonly cpuSeconds: number;
}

// The defaults fit every built-in assignment with room to spare, and stop what is plainly runaway. Measured
// with cgroups on the built-in references and fixtures: the heaviest correct server is a Python fork
// server with 100 clients at once, at 107 MiB, 101 tasks and 1.6 s of CPU for its whole tree in its
// heaviest test (Node, Python, C, socat and JVM echo servers stay far below). memoryMiB is not higher
// because a hog is only stopped once it has filled it: on a VM that faults memory in at ~250 MiB/s,
// nine servers filling 512 MiB at once took 9.4 s, filling 256 MiB 3.4 s, against a 10 s start
// timeout. cpuSeconds stays well above what a server spinning on a closed socket burns before its test
// gives up (about 2.5 s), so such a server still gets E_BUSY_LOOP or E_TIMEOUT, not a limit.
export const DEFAULT_LIMITS: ServerLimits = { memoryMiB: 256, processes: 256, fileSizeMiB: 64, openFiles: 1024, cpuSeconds: 10 };

export const LIMIT_NAMES = Object.keys(DEFAULT_LIMITS) as (keyof ServerLimits)[];

// Largest value each limit accepts (beyond this it is no limit at all).
const MAXIMUM: ServerLimits = { memoryMiB: 1024 * 1024, processes: 1_000_000, fileSizeMiB: 1024 * 1024, openFiles: 1_048_576, cpuSeconds: 86_400 };

function isLimitName(name: string): name is keyof ServerLimits {
  return (LIMIT_NAMES as string[]).includes(name);
}

// Bad limits are a usage error on the command line or in package.json, a spec error in a spec.
type LimitErrorCode = 'E_USAGE' | 'E_SPECS' | 'E_FIXTURE';

function invalid(where: string, why: string, code: LimitErrorCode = 'E_USAGE'): SockgradeError {
  return new SockgradeError(code, `${where}: ${why}`);
}

function checkedValue(name: keyof ServerLimits, value: unknown, where: string, code: LimitErrorCode): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > MAXIMUM[name]) {
    throw invalid(where, `${name} must be a positive integer up to ${MAXIMUM[name]}, got ${JSON.stringify(value)}${typeof value === 'number' ? '' : ` (${typeof value})`}`, code);
  }
  return value;
}

// Validates a partial set of limits (a spec's option, a package.json's, an expected.json's); `where`
// names the source in the one-line error.
export function parseLimits(value: unknown, where: string, code: LimitErrorCode = 'E_USAGE'): Partial<ServerLimits> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid(where, `limits must be an object like {"memoryMiB": 1024}, got ${JSON.stringify(value)}`, code);
  const limits: Partial<Record<keyof ServerLimits, number>> = {};
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (!isLimitName(name)) throw invalid(where, `unknown limit "${name}" (known: ${LIMIT_NAMES.join(', ')})`, code);
    limits[name] = checkedValue(name, raw, where, code);
  }
  return limits;
}

// One --limit NAME=VALUE option of the CLI.
export function parseLimitOption(text: string): Partial<ServerLimits> {
  const match = /^(\w+)=(.+)$/.exec(text.trim());
  if (!match) throw invalid('--limit', `expected NAME=VALUE (e.g. memoryMiB=1024), got ${JSON.stringify(text)}`);
  const [, name, raw] = match as unknown as [string, string, string];
  if (!isLimitName(name)) throw invalid('--limit', `unknown limit "${name}" (known: ${LIMIT_NAMES.join(', ')})`);
  const value = Number(raw);
  return { [name]: checkedValue(name, raw.trim() === '' ? Number.NaN : value, '--limit', 'E_USAGE') };
}

// Every --limit NAME=VALUE of a command line (a later one wins); undefined when there is none.
export function parseLimitOptions(options: readonly string[] | undefined): Partial<ServerLimits> | undefined {
  if (!options || options.length === 0) return undefined;
  return Object.assign({}, ...options.map(parseLimitOption)) as Partial<ServerLimits>;
}

// The limits a server gets: the defaults, then each layer in order (later layers win), with the CPU
// time stretched by the run's timeout scale (rounded up: RLIMIT_CPU counts whole seconds).
export function resolveLimits(layers: readonly (Partial<ServerLimits> | undefined)[], timeoutScale = 1): ServerLimits {
  const merged = Object.assign({}, DEFAULT_LIMITS, ...layers.filter(Boolean)) as ServerLimits;
  return { ...merged, cpuSeconds: Math.ceil(merged.cpuSeconds * timeoutScale) };
}

// "512 MiB", "1.5 GiB": a size in MiB as people read it.
export function showMiB(mib: number): string {
  return mib >= 1024 && mib % 256 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`;
}
