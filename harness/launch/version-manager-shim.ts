import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { execFile } from 'node:child_process';
import type { ResolvedCommand } from './command.ts';
import { findOnPath } from '../course/which.ts';

// A command whose program is a pyenv shim, run as the shim would run it: the interpreter pyenv picks
// for that folder, with the environment `pyenv exec` gives it.
export interface ShimResolution {
  readonly command: ResolvedCommand;
  readonly env: Record<string, string>;
}

interface PyenvShim {
  readonly shimPath: string;
  readonly pyenv: string;
  readonly root: string;
  readonly program: string;
}

interface PyenvChoice {
  readonly version: string;
  readonly executable: string;
}

// What pyenv writes into every shim (pyenv-rehash): the root it exports, and the pyenv it execs.
const PYENV_SHIM = /^#!\/usr\/bin\/env bash\n[\s\S]*?\nexport PYENV_ROOT="([^"\n]+)"\n[\s\S]*?\nexec "([^"\n]+\/libexec\/pyenv)" exec "\$program" "\$@"\n?$/;

// The shim the program is, if it is one of pyenv's (read from its first kilobyte).
async function pyenvShim(program: string, env: Record<string, string>, cwd: string): Promise<PyenvShim | undefined> {
  const shimPath = findOnPath(program, env.PATH ?? '', cwd);
  if (!shimPath) return undefined;
  let head: string;
  try {
    const file = await open(shimPath, 'r');
    try {
      const buffer = Buffer.alloc(1024);
      const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
      head = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await file.close();
    }
  } catch {
    return undefined;
  }
  const match = PYENV_SHIM.exec(head);
  if (!match) return undefined;
  const [, root, pyenv] = match as unknown as [string, string, string];
  // A shim outside <root>/shims makes pyenv record extra search paths (_PYENV_SHIM_PATH): left to the shim.
  if (path.dirname(shimPath) !== path.join(root, 'shims')) return undefined;
  return { shimPath, pyenv, root, program: path.basename(shimPath) };
}

// The exec hook pyenv itself ships: it only changes pip, easy_install and conda (and `-m pip`), to rehash
// after an install. Those are left to the shim; for anything else the hook changes nothing.
const PIP_REHASH_HOOK = 'pyenv.d/exec/pip-rehash.bash';
const PIP_LIKE = /^(pip|easy_install|conda)/;

// Asks pyenv, in the server's folder and environment, what its shim would exec: the version's name and
// the program's path. Undefined when pyenv has exec hooks (plugins that change the environment: only the
// shim itself applies them; pyenv's own pip-rehash hook excepted) or cannot answer; the shim then runs as usual and says why itself.
function askPyenv(shim: PyenvShim, env: Record<string, string>, cwd: string): Promise<PyenvChoice | undefined> {
  const script = 'set -e; "$1" version-name -f; "$1" which "$2"; "$1" hooks exec';
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', script, 'pyenv-query', shim.pyenv, shim.program], { cwd, env: { ...env, PYENV_ROOT: shim.root }, timeout: 10_000 }, (error, stdout) => {
      const lines = stdout.split('\n').filter((line) => line !== '');
      const [version, executable, ...hooks] = lines;
      const unknownHooks = hooks.filter((hook) => hook !== path.join(shim.root, PIP_REHASH_HOOK));
      if (error || !version || !executable || unknownHooks.length > 0 || !path.isAbsolute(executable)) resolve(undefined);
      else resolve({ version, executable });
    });
  });
}

// pyenv's choice for one folder depends on its .python-version (linked in from the submission), the
// global version file and the environment: the same for every server of a submission in a run.
const choices = new Map<string, Promise<PyenvChoice | undefined>>();

// A pyenv shim costs ~130 ms of CPU (a dozen bash processes) at every server start, on top of Python's
// own ~16 ms: a grade starts dozens of servers. The shim's decision is made once per submission and
// reused, so each server execs the interpreter directly, with the PATH and PYENV_VERSION the shim gives
// it. Anything else, or any doubt, runs the command unchanged.
export async function resolveVersionManagerShim(command: ResolvedCommand, env: Record<string, string>, cwd: string, submissionDir: string | undefined): Promise<ShimResolution | undefined> {
  if (process.platform === 'win32') return undefined;
  const shim = await pyenvShim(command.file, env, cwd);
  if (!shim || PIP_LIKE.test(shim.program) || ` ${command.args.join(' ')} `.includes(' -m pip ')) return undefined;
  const versionFiles = await Promise.all([path.join(cwd, '.python-version'), path.join(shim.root, 'version')].map((file) => readFile(file, 'utf8').catch(() => '')));
  const key = JSON.stringify([shim.shimPath, submissionDir ?? cwd, env.PATH, env.PYENV_VERSION, env.HOME, versionFiles]);
  let choice = choices.get(key);
  if (!choice) {
    choice = askPyenv(shim, env, cwd);
    choices.set(key, choice);
  }
  const chosen = await choice;
  if (!chosen) return undefined;
  const binDir = path.dirname(chosen.executable);
  // As pyenv-exec: the version's bin folder first on PATH, except for the system Python.
  const inRoot = binDir.startsWith(`${shim.root}/`);
  return {
    command: { ...command, file: chosen.executable },
    env: { ...env, PYENV_ROOT: shim.root, PYENV_VERSION: chosen.version, ...(inRoot ? { PATH: `${binDir}:${env.PATH ?? ''}` } : {}) },
  };
}
