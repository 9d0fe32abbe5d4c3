import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { scaled } from '../time/timeouts.ts';
import { killByTokenPrefixSync, newServerToken, signalGroup, TOKEN_VARIABLE } from '../launch/process-tree.ts';
import { earlyEndCause, onEarlyEnd, untilExit } from '../run/interrupt.ts';
import { tempRoot } from '../run/run-settings.ts';

// The line of a failed build's output that says why: the last one naming an error (a compiler puts a
// source excerpt and a caret after it), else the last non-blank one.
export function buildErrorLine(output: string): string {
  const lines = output.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  return [...lines].reverse().find((line) => /\berror\b/i.test(line)) ?? lines.at(-1) ?? '';
}

// Runs the manifest's build command in the submission directory; failure is an E_BUILD with the line saying why.
// The build runs in a process group of its own and carries a token, so nothing it started outlives it:
// not at its end, not after its timeout, not when sockgrade is interrupted while it runs; and with a
// TMPDIR of its own, removed after it, so neither do the temp files of a compiler killed mid-way (gcc's cc*.s).
export async function runBuild(command: string, cwd: string, { timeoutMs = scaled(120_000) } = {}): Promise<void> {
  const { execa } = await import('execa');
  // Ending early: start nothing the exit would have to stop (checked right before the spawn, with no
  // await between them and the cleanup's registration).
  if (earlyEndCause()) return untilExit();
  const token = newServerToken();
  const tmp = mkdtempSync(path.join(tempRoot(), 'sockgrade-build-'));
  const removeTmp = (): void => rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  const child = execa(command, { shell: '/bin/sh', cwd, reject: false, timeout: timeoutMs, all: true, stdin: 'ignore', killSignal: 'SIGKILL', maxBuffer: 1024 * 1024, detached: true, env: { [TOKEN_VARIABLE]: token, TMPDIR: tmp } });
  let stopped = false;
  const removeCleanup = onEarlyEnd({
    now: () => {
      stopped = true;
      // Its group while it runs; the token finds what left the group (setsid) too.
      if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
      killByTokenPrefixSync(token);
      removeTmp();
    },
    // A killed process takes a moment to die: found again until it has, so the exit waits for that.
    sweep: () => killByTokenPrefixSync(token, 1),
    summary: () => {
      // Again, once every process is dead: nothing can write there any more.
      removeTmp();
      return stopped ? `stopped the build ("${command}")` : undefined;
    },
  });
  const result = await child;
  // What the build left running (a background job, a daemon, a child after a timeout killed the shell)
  // would outlive the run: found by its token, not by a group id that may be reused once the group is gone.
  killByTokenPrefixSync(token);
  removeTmp();
  removeCleanup();
  if (result.exitCode === 0 && !result.timedOut) return;
  const lastLine = buildErrorLine(String(result.all ?? ''));
  const why = result.timedOut ? `timed out after ${timeoutMs}ms` : result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
  throw new SockgradeError('E_BUILD', `build failed: "${command}" ${why}${lastLine ? `: ${lastLine}` : ''}`, { details: String(result.all ?? '') });
}
