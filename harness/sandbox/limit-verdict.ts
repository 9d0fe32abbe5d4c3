import type { SockgradeErrorCode } from '../errors/sockgrade-error.ts';
import type { ExitStatus } from '../launch/exit-status.ts';
import type { ServerLimits } from './server-limits.ts';
import { showMiB } from './server-limits.ts';
import type { Enforcement } from './sandbox-command.ts';
import { DATA_LIMIT_FACTOR } from './sandbox-command.ts';
import type { CgroupCounters } from './server-cgroup.ts';

// The codes of a server stopped by one of its limits: the E_LIMIT_ members of the one list of codes.
export type LimitCode = Extract<SockgradeErrorCode, `E_LIMIT_${string}`>;

// What is known of a server, once stopped (or while it runs), to tell whether a limit stopped it.
export interface LimitEvidence {
  readonly limits: ServerLimits;
  readonly enforcement: Enforcement;
  // How its main process ended; undefined while it runs.
  readonly exit?: ExitStatus;
  // The cgroup's counters (undefined without cgroups).
  readonly counters?: CgroupCounters;
  // Files it wrote that reached the file size limit (a write past it was cut there).
  readonly filesAtLimit: readonly string[];
  // Its stderr, only when something failed: words are the last resort, read only where no counter exists.
  readonly stderr?: string;
}

// A limit the server ran into: which, as a phrase naming its value, and the fact that shows it.
export interface LimitHit {
  readonly code: LimitCode;
  // "the memory limit of 512 MiB"
  readonly limit: string;
  // "the kernel's OOM killer killed 1 of its processes"
  readonly evidence: string;
}

const FILE_TOO_LARGE = /File too large|EFBIG|\[Errno 27\]/;
const OUT_OF_MEMORY = /MemoryError|out of memory|Cannot allocate memory|allocation failed|std::bad_alloc|ENOMEM|\[Errno 12\]/i;
const TOO_MANY_FILES = /Too many open files|EMFILE|\[Errno 24\]/;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function killedBySelf(exit: ExitStatus | undefined, signal: string): boolean {
  return exit?.signal === signal && exit.stoppedWith === undefined;
}

// Which limit stopped the server, from the kernel's facts first: the cgroup's counters, the signal that
// ended its main process, files cut at the size limit; its stderr only for what has no counter. The
// first that holds wins, in this order: memory, processes, CPU, file size, open files.
export function findLimitHit({ limits, enforcement, exit, counters, filesAtLimit, stderr }: LimitEvidence): LimitHit | undefined {
  const memory =
    enforcement === 'cgroups'
      ? `the memory limit of ${showMiB(limits.memoryMiB)}`
      : `the memory limit of ${showMiB(limits.memoryMiB)} (without cgroups: at most ${showMiB(limits.memoryMiB * DATA_LIMIT_FACTOR)} reserved, thread stacks included)`;
  if (counters && counters.oomKills > 0) return { code: 'E_LIMIT_MEMORY', limit: memory, evidence: `the kernel's OOM killer killed ${plural(counters.oomKills, 'process')} of it` };
  if (counters && counters.pidsLimitHits > 0) {
    return { code: 'E_LIMIT_PROCESSES', limit: `the limit of ${limits.processes} processes and threads`, evidence: `${plural(counters.pidsLimitHits, 'fork or new thread')} refused` };
  }
  const cpu = `the CPU time limit of ${limits.cpuSeconds} s`;
  if (killedBySelf(exit, 'SIGXCPU')) return { code: 'E_LIMIT_CPU', limit: cpu, evidence: 'killed by SIGXCPU' };
  if (killedBySelf(exit, 'SIGKILL') && counters && counters.cpuNs >= limits.cpuSeconds * 1e9) {
    return { code: 'E_LIMIT_CPU', limit: cpu, evidence: `killed by SIGKILL at the hard limit after ignoring SIGXCPU (${(counters.cpuNs / 1e9).toFixed(1)} s of CPU)` };
  }
  const fileSize = `the file size limit of ${showMiB(limits.fileSizeMiB)}`;
  if (killedBySelf(exit, 'SIGXFSZ')) return { code: 'E_LIMIT_FILE_SIZE', limit: fileSize, evidence: 'killed by SIGXFSZ' };
  if (filesAtLimit.length > 0) return { code: 'E_LIMIT_FILE_SIZE', limit: fileSize, evidence: `${filesAtLimit.join(', ')} stopped growing at the limit` };
  if (stderr === undefined) return undefined;
  if (FILE_TOO_LARGE.test(stderr)) return { code: 'E_LIMIT_FILE_SIZE', limit: fileSize, evidence: 'its stderr says "File too large" (EFBIG)' };
  // With a memory cgroup, running out of memory is an OOM kill (counted above); a failed allocation is the rlimit's.
  if (enforcement === 'rlimits' && OUT_OF_MEMORY.test(stderr)) return { code: 'E_LIMIT_MEMORY', limit: memory, evidence: 'its stderr says an allocation failed' };
  if (TOO_MANY_FILES.test(stderr)) return { code: 'E_LIMIT_OPEN_FILES', limit: `the limit of ${limits.openFiles} open files`, evidence: 'its stderr says "Too many open files" (EMFILE)' };
  return undefined;
}

// "exceeded the memory limit of 512 MiB (the kernel's OOM killer killed 1 process of it)".
export function describeLimitHit(hit: LimitHit): string {
  return `exceeded ${hit.limit} (${hit.evidence})`;
}
