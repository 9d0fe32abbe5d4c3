import type { Placeholders } from './placeholders.ts';
import { placeholderEnvironment } from './placeholders.ts';

// Only what a program needs to start; CI tokens and other secrets never reach a submission.
export const PASSED_THROUGH = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'PYENV_ROOT', 'PYENV_VERSION', 'JAVA_HOME'];

// The environment a server under test sees: scrubbed, plus its placeholders' values and our ownership token.
export function serverEnvironment(values: Placeholders, workdir: string, tokenEntry: readonly [string, string], from: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = from[name];
    if (value !== undefined) env[name] = value;
  }
  env.TMPDIR = workdir;
  // Unbuffered output so the stderr tail is current when a test fails; no .pyc beside the student's files.
  env.PYTHONUNBUFFERED = '1';
  env.PYTHONDONTWRITEBYTECODE = '1';
  Object.assign(env, placeholderEnvironment(values));
  env[tokenEntry[0]] = tokenEntry[1];
  return env;
}
