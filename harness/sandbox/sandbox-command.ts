import type { ResolvedCommand } from '../launch/command.ts';
import type { ServerLimits } from './server-limits.ts';

// How a server's memory and processes are bounded: by cgroups (Linux, root or a delegated hierarchy),
// or, without them, memory only roughly (RLIMIT_DATA) and processes not at all (see README.md).
export type Enforcement = 'cgroups' | 'rlimits';

// Without a memory cgroup, RLIMIT_DATA bounds what a process may reserve, not what it uses: every
// thread's stack counts in full (8 MiB each), so a correct server with 150 threads reserves 1.2 GiB.
// It gets this multiple of the memory limit, which still stops a runaway allocation.
export const DATA_LIMIT_FACTOR = 4;

// $0 of the wrapper: the shell names it in its own error messages ("sockgrade-sandbox: 1: exec: x: not found").
export const SANDBOX_NAME = 'sockgrade-sandbox';

// Exit status of the wrapper when it cannot put the server into its cgroups.
export const SANDBOX_FAILED = 125;

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

// The shell script that sets a server's limits, joins its cgroups, then becomes the server (exec keeps
// the pid): the server is limited and inside its cgroups before it runs a single instruction, so
// nothing it starts escapes them. ulimit sets soft and hard limits at once; a limit above the hard one
// we were given cannot be set and the tighter one stays. Units are POSIX sh's: -f in 512-byte blocks,
// -d in KiB. CPU gets a hard limit one second above the soft one (set after it: a hard limit below the
// soft one is refused), so SIGXCPU comes first; a process that ignores it is killed by SIGKILL a second
// later. No core files: a killed server leaves nothing.
export function sandboxScript(limits: ServerLimits, enforcement: Enforcement, procsFiles: readonly string[]): string {
  const lines = [
    'ulimit -c 0 2>/dev/null',
    `ulimit -n ${limits.openFiles} 2>/dev/null`,
    `ulimit -f ${limits.fileSizeMiB * 2048} 2>/dev/null`,
    `ulimit -S -t ${limits.cpuSeconds} 2>/dev/null`,
    `ulimit -H -t ${limits.cpuSeconds + 1} 2>/dev/null`,
    ...(enforcement === 'rlimits' ? [`ulimit -d ${limits.memoryMiB * 1024 * DATA_LIMIT_FACTOR} 2>/dev/null`] : []),
    ...procsFiles.map((file) => `echo $$ > ${quote(file)} || { echo "${SANDBOX_NAME}: cannot join the cgroup ${file.replace(/["$`\\]/g, '')}" >&2; exit ${SANDBOX_FAILED}; }`),
    // The shell exports PWD; the server's environment stays exactly the one it was given.
    'unset PWD',
    'exec "$@"',
  ];
  return lines.join('\n');
}

// The server's command run through the wrapper; reports still show the student's command.
export function sandboxedCommand(command: ResolvedCommand, script: string): ResolvedCommand {
  return { file: '/bin/sh', args: ['-c', script, SANDBOX_NAME, command.file, ...command.args], display: command.display };
}
