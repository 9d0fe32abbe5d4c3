import { readFileSync } from 'node:fs';
import path from 'node:path';

// The cgroup v1 controllers a server's limits use: memory (limit and OOM kills), pids (processes and
// threads), cpuacct (CPU time of the whole tree, to tell a CPU-limit kill from another SIGKILL).
export const CONTROLLERS = ['memory', 'pids', 'cpuacct'] as const;
export type Controller = (typeof CONTROLLERS)[number];

// Where a v1 hierarchy is mounted, and which part of it the mount shows.
export interface CgroupMount {
  readonly controllers: readonly string[];
  readonly mountPoint: string;
  // The hierarchy path at the mount point ("/" unless a container shows only its own part).
  readonly root: string;
}

// The v1 cgroup mounts in /proc/self/mountinfo ("36 25 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory").
export function parseCgroupMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of mountinfo.split('\n')) {
    const [before, after] = line.split(' - ');
    if (!before || !after) continue;
    const fields = before.split(' ');
    const [fsType, , superOptions] = after.split(' ');
    if (fsType !== 'cgroup' || fields[3] === undefined || fields[4] === undefined) continue;
    mounts.push({ controllers: (superOptions ?? '').split(','), mountPoint: unescapeMountPath(fields[4]), root: unescapeMountPath(fields[3]) });
  }
  return mounts;
}

// mountinfo writes spaces, tabs, newlines and backslashes in paths as octal escapes.
function unescapeMountPath(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

// This process's cgroup per v1 controller, from /proc/self/cgroup ("4:memory:/process_api/x", "2:cpu,cpuacct:/").
export function parseOwnCgroups(text: string): Map<string, string> {
  const own = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!match || match[1] === '') continue;
    for (const controller of (match[1] as string).split(',')) own.set(controller, match[2] as string);
  }
  return own;
}

// The folder of this process's own cgroup for each controller: servers' cgroups are made inside it, so
// they stay inside whatever limits and accounting the harness itself runs under. Undefined when a
// controller is not mounted as v1 or our cgroup lies outside what the mount shows.
export function ownCgroupDirs(mounts: readonly CgroupMount[], own: ReadonlyMap<string, string>): Map<Controller, string> | undefined {
  const dirs = new Map<Controller, string>();
  for (const controller of CONTROLLERS) {
    const mount = mounts.find((m) => m.controllers.includes(controller));
    const cgroup = own.get(controller);
    if (!mount || cgroup === undefined) return undefined;
    const root = mount.root === '/' ? '' : mount.root;
    if (root !== '' && cgroup !== root && !cgroup.startsWith(`${root}/`)) return undefined;
    dirs.set(controller, path.join(mount.mountPoint, cgroup.slice(root.length)).replace(/(.)\/$/, '$1'));
  }
  return dirs;
}

// This process's cgroup folders, read once from /proc (undefined off Linux or without v1 controllers).
export function readOwnCgroupDirs(): Map<Controller, string> | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return ownCgroupDirs(parseCgroupMounts(readFileSync('/proc/self/mountinfo', 'utf8')), parseOwnCgroups(readFileSync('/proc/self/cgroup', 'utf8')));
  } catch {
    return undefined;
  }
}
