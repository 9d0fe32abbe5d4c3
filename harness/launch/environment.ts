import type { Endpoint } from './endpoint.ts';

// Only what a program needs to start; CI tokens and other secrets never reach a submission.
const PASSED_THROUGH = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'PYENV_ROOT', 'PYENV_VERSION', 'JAVA_HOME'];

// The environment a server under test sees: scrubbed, plus its endpoint and our ownership token.
export function serverEnvironment(endpoint: Endpoint, workdir: string, tokenEntry: [string, string]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  env.TMPDIR = workdir;
  // Unbuffered output so the stderr tail is current when a test fails; no .pyc beside the student's files.
  env.PYTHONUNBUFFERED = '1';
  env.PYTHONDONTWRITEBYTECODE = '1';
  if (endpoint.kind === 'unix') {
    env.SOCKET_PATH = endpoint.path;
  } else {
    env.HOST = endpoint.host;
    env.PORT = String(endpoint.port);
  }
  env[tokenEntry[0]] = tokenEntry[1];
  return env;
}
