import { readProcText } from './proc-files.ts';

// Bytes the processes have passed to write() and its kin so far (stdout, stderr, files, sockets), by the
// kernel's count (/proc/<pid>/io "wchar", Linux); undefined where it cannot be read. Unlike the output
// relayed to us, it does not lag: on a loaded machine the relay fell a whole idle measure behind.
export function bytesWrittenBy(pids: readonly number[]): number | undefined {
  if (process.platform !== 'linux') return undefined;
  let total: number | undefined;
  for (const pid of pids) {
    const m = /^wchar:\s*(\d+)$/m.exec(readProcText(`/proc/${pid}/io`));
    if (m) total = (total ?? 0) + Number(m[1]);
  }
  return total;
}
