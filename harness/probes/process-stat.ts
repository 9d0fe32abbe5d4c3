import { listProcDir, readProcText } from './proc-files.ts';

// The fields of /proc/<pid>/stat sockgrade reads; see proc(5). State: R running or runnable, S sleeping,
// D disk sleep, Z zombie (exited, not yet reaped), T stopped, …
export interface ProcessStat {
  readonly pid: number;
  readonly comm: string;
  readonly state: string;
  readonly ppid: number;
  readonly pgrp: number;
  readonly session: number;
}

// Parses one stat line. comm may hold spaces and parentheses, so the fields are split after the last ')'.
export function parseProcessStat(text: string): ProcessStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = text.slice(close + 2).split(' ');
  const pid = Number(text.slice(0, open).trim());
  if (!Number.isInteger(pid) || rest.length < 4) return undefined;
  return { pid, comm: text.slice(open + 1, close), state: rest[0] as string, ppid: Number(rest[1]), pgrp: Number(rest[2]), session: Number(rest[3]) };
}

// /proc/<pid>/stat of a process (or /proc/<pid>/task/<tid>/stat of one thread); undefined once it is gone or not on Linux.
export async function readProcessStat(pid: number, tid?: number): Promise<ProcessStat | undefined> {
  const file = tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`;
  const text = readProcText(file);
  return text ? parseProcessStat(text) : undefined;
}

// True when the process has exited and waits to be reaped (state Z).
export async function isZombie(pid: number): Promise<boolean> {
  return (await readProcessStat(pid))?.state === 'Z';
}

// The state of every thread of the processes (threads and processes already gone are left out).
export async function threadStates(pids: readonly number[]): Promise<string[]> {
  const states = await Promise.all(
    pids.map(async (pid) => {
      const tids = listProcDir(`/proc/${pid}/task`);
      return Promise.all(tids.map(async (tid) => (await readProcessStat(pid, Number(tid)))?.state));
    }),
  );
  return states.flat().filter((state): state is string => state !== undefined);
}
