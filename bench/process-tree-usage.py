"""Runs one command and writes what its whole process tree used to a JSON file.

Usage: process-tree-usage.py OUT.json INTERVAL_MS -- COMMAND [ARG...]

Node cannot read a child's rusage (no wait4, no RUSAGE_CHILDREN), so the bench runs every grader
through this wrapper. It reports:
- wall time from spawn to reap (monotonic clock), measured here so the wrapper's own start is excluded;
- CPU time (user + sys) from wait4(2): the command and every descendant it reaped, exactly, plus any
  orphan reparented to this wrapper (it is a child subreaper, prctl(2) PR_SET_CHILD_SUBREAPER);
- peak memory of the tree: the largest sum of resident set sizes (/proc/PID/statm) over the tree's
  processes, sampled every INTERVAL_MS (a page shared by several processes counts in each; a spike shorter than
  the interval can be missed), next to ru_maxrss, which is the largest single process's peak;
- each descendant's CPU time (/proc/PID/task/*/schedstat, in ns) as last sampled, so the caller can
  tell a grader's own CPU from its servers'; a process's last interval is missed.
"""
import ctypes
import json
import os
import sys
import threading
import time

PR_SET_CHILD_SUBREAPER = 36
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return b""


def tasks(pid):
    try:
        return os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []


def tree(root):
    """Pids of root and its descendants: a child is listed under the thread that forked it."""
    seen, stack = [], [root]
    while stack:
        pid = stack.pop()
        seen.append(pid)
        for tid in tasks(pid):
            stack.extend(int(c) for c in read(f"/proc/{pid}/task/{tid}/children").split())
    return seen


class Sampler(threading.Thread):
    def __init__(self, root, interval):
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.stop = threading.Event()
        self.peak_kib = 0
        self.procs = {}  # pid -> {"argv", "cpuNs", "peakRssKiB"}

    def sample(self):
        total = 0
        for pid in tree(self.root):
            statm = read(f"/proc/{pid}/statm").split()
            if len(statm) < 2:
                continue
            rss = int(statm[1]) * PAGE_KIB
            total += rss
            if pid == self.root:
                continue  # the root's CPU is the wait4 total minus its descendants'
            cpu = sum(int((read(f"/proc/{pid}/task/{tid}/schedstat").split() or [b"0"])[0]) for tid in tasks(pid))
            argv = [a.decode(errors="replace") for a in read(f"/proc/{pid}/cmdline").split(b"\0") if a]
            entry = self.procs.setdefault(pid, {"argv": argv, "cpuNs": 0, "peakRssKiB": 0})
            # exec keeps the pid (a sandbox shell becoming the server): keep the newest argv.
            if argv:
                entry["argv"] = argv
            entry["cpuNs"] = max(entry["cpuNs"], cpu)
            entry["peakRssKiB"] = max(entry["peakRssKiB"], rss)
        self.peak_kib = max(self.peak_kib, total)

    def run(self):
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(self.interval)


def main():
    out, interval_ms, sep, *command = sys.argv[1:]
    if sep != "--" or not command:
        sys.exit(__doc__)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit(f"prctl(PR_SET_CHILD_SUBREAPER): {os.strerror(ctypes.get_errno())}")
    start = time.monotonic()
    pid = os.posix_spawnp(command[0], command, os.environ)
    sampler = Sampler(pid, int(interval_ms) / 1000)
    sampler.start()
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - start
    sampler.stop.set()
    sampler.join()
    user, system = usage.ru_utime, usage.ru_stime
    # Orphans the command left: the dead ones are reaped (their CPU counts), the live ones reported.
    while True:
        try:
            orphan, _, more = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if orphan == 0:
            break
        user += more.ru_utime
        system += more.ru_stime
    leftovers = [p for p in tree(os.getpid()) if p != os.getpid()]
    with open(out, "w") as f:
        json.dump({
            "exitCode": os.waitstatus_to_exitcode(status),
            "wallMs": wall * 1000,
            "userMs": user * 1000,
            "sysMs": system * 1000,
            "peakTreeRssKiB": sampler.peak_kib,
            "maxProcessRssKiB": usage.ru_maxrss,
            "processes": [{"pid": p, **e} for p, e in sampler.procs.items()],
            "leftovers": leftovers,
        }, f)


main()
