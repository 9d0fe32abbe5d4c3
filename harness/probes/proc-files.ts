import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

// Small files of /proc and of cgroups, read at once (synchronously). The kernel makes each in
// microseconds, while fs/promises costs a thread-pool round trip for each of open, fstat, read and close:
// 100–200 µs of CPU for /proc/<pid>/status or wchan, against 10–16 µs read at once (measured here). One
// grade of tcp-echo reads about 750 of them (thread states, cgroup counters, process scans).
// Not for the /proc/net tables (kernel-table-reading.ts), whose every reading walks the kernel's
// connection hash for milliseconds: those stay off the thread that runs the tests.

// The file's text, or `fallback` when it cannot be read (the process is gone, or not ours to inspect).
export function readProcText(file: string, fallback = ''): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

// The file's bytes, or undefined when it cannot be read.
export function readProcBytes(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

// The names in a /proc folder (pids, tids, fds), or none when it is gone.
export function listProcDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

// Where a /proc link points ("socket:[123]" for an fd), or '' when it is gone.
export function readProcLink(link: string): string {
  try {
    return readlinkSync(link);
  } catch {
    return '';
  }
}
