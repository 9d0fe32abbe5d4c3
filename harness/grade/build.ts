import { SockgradeError } from '../errors/sockgrade-error.ts';
import { scaled } from '../time/timeouts.ts';

// Runs the manifest's build command in the submission directory; failure is an E_BUILD with its last output line.
export async function runBuild(command: string, cwd: string, { timeoutMs = scaled(120_000) } = {}): Promise<void> {
  const { execa } = await import('execa');
  const result = await execa(command, { shell: '/bin/sh', cwd, reject: false, timeout: timeoutMs, all: true, stdin: 'ignore', killSignal: 'SIGKILL', maxBuffer: 1024 * 1024 });
  if (result.exitCode === 0 && !result.timedOut) return;
  const lastLine = String(result.all ?? '').trim().split('\n').at(-1) ?? '';
  const why = result.timedOut ? `timed out after ${timeoutMs}ms` : result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
  throw new SockgradeError('E_BUILD', `build failed: "${command}" ${why}${lastLine ? `: ${lastLine}` : ''}`, { details: String(result.all ?? '') });
}
