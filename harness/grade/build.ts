import { SockgradeError } from '../errors/sockgrade-error.ts';
import { scaled } from '../time/timeouts.ts';

// The line of a failed build's output that says why: the last one naming an error (a compiler puts a
// source excerpt and a caret after it), else the last non-blank one.
export function buildErrorLine(output: string): string {
  const lines = output.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  return [...lines].reverse().find((line) => /\berror\b/i.test(line)) ?? lines.at(-1) ?? '';
}

// Runs the manifest's build command in the submission directory; failure is an E_BUILD with the line saying why.
export async function runBuild(command: string, cwd: string, { timeoutMs = scaled(120_000) } = {}): Promise<void> {
  const { execa } = await import('execa');
  const result = await execa(command, { shell: '/bin/sh', cwd, reject: false, timeout: timeoutMs, all: true, stdin: 'ignore', killSignal: 'SIGKILL', maxBuffer: 1024 * 1024 });
  if (result.exitCode === 0 && !result.timedOut) return;
  const lastLine = buildErrorLine(String(result.all ?? ''));
  const why = result.timedOut ? `timed out after ${timeoutMs}ms` : result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
  throw new SockgradeError('E_BUILD', `build failed: "${command}" ${why}${lastLine ? `: ${lastLine}` : ''}`, { details: String(result.all ?? '') });
}
