import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { resolveVersionManagerShim } from './version-manager-shim.ts';
import { launchServer } from './launch-server.ts';

// A pyenv root with the shim pyenv-rehash writes and a stand-in for pyenv itself that logs each call,
// picks the version from ./.python-version like pyenv, and execs like `pyenv exec`.
async function fakePyenv(dir: string): Promise<{ root: string; shims: string; calls: () => Promise<string[]> }> {
  const root = path.join(dir, 'pyenv');
  const shims = path.join(root, 'shims');
  await mkdir(shims, { recursive: true });
  await mkdir(path.join(root, 'libexec'));
  await mkdir(path.join(root, 'versions', '3.11.2', 'bin'), { recursive: true });
  await symlink(process.execPath, path.join(root, 'versions', '3.11.2', 'bin', 'node'));
  const log = path.join(root, 'calls.log');
  const shim = `#!/usr/bin/env bash
set -e
[ -n "$PYENV_DEBUG" ] && set -x

program="\${0##*/}"

export PYENV_ROOT="${root}"
SHIM_PATH=\${0%/*}
if [[ $SHIM_PATH != "${shims}" ]]; then
  export _PYENV_SHIM_PATH="$SHIM_PATH"
fi
exec "${root}/libexec/pyenv" exec "$program" "$@"
`;
  await writeFile(path.join(shims, 'node'), shim, { mode: 0o755 });
  const pyenv = `#!/bin/sh
echo "$*" >> '${log}'
version=$(cat .python-version 2>/dev/null || echo 3.11.2)
case "$1" in
  version-name) echo "$version" ;;
  which) echo "${root}/versions/$version/bin/$2" ;;
  hooks) echo '${root}/pyenv.d/exec/pip-rehash.bash'; [ -f '${root}/hook' ] && echo '${root}/hook'; exit 0 ;;
  exec) shift; program=$1; shift; exec "${root}/versions/$version/bin/$program" "$@" ;;
esac
`;
  await writeFile(path.join(root, 'libexec', 'pyenv'), pyenv);
  await chmod(path.join(root, 'libexec', 'pyenv'), 0o755);
  return { root, shims, calls: async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean) };
}

describe.runIf(process.platform === 'linux')('pyenv shims', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-shim-test-'));
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  test('a shim is asked once per submission; each server runs the chosen interpreter with pyenv exec\'s PATH and PYENV_VERSION', async () => {
    const pyenv = await fakePyenv(dir);
    const env = { PATH: `${pyenv.shims}:/usr/bin:/bin`, HOME: dir };
    const command = { file: 'node', args: ['server.js'], display: 'node server.js' };
    const first = await resolveVersionManagerShim(command, env, dir, dir);
    expect(first?.command).toEqual({ file: path.join(pyenv.root, 'versions/3.11.2/bin/node'), args: ['server.js'], display: 'node server.js' });
    expect(first?.env).toEqual({ ...env, PYENV_ROOT: pyenv.root, PYENV_VERSION: '3.11.2', PATH: `${pyenv.root}/versions/3.11.2/bin:${env.PATH}` });
    await resolveVersionManagerShim(command, env, dir, dir);
    expect(await pyenv.calls()).toEqual(['version-name -f', 'which node', 'hooks exec']);
    // A .python-version that changes (a watched submission) is asked about again.
    await mkdir(path.join(pyenv.root, 'versions', '3.12.0', 'bin'), { recursive: true });
    await writeFile(path.join(dir, '.python-version'), '3.12.0\n');
    const other = await resolveVersionManagerShim(command, env, dir, dir);
    expect(other?.env.PYENV_VERSION).toBe('3.12.0');
    expect((await pyenv.calls()).length).toBe(6);
  });

  test('anything else runs unchanged: a plain program, a shim with exec hooks, a shim outside <root>/shims', async () => {
    const pyenv = await fakePyenv(dir);
    expect(await resolveVersionManagerShim({ file: 'sh', args: [], display: 'sh' }, { PATH: '/usr/bin:/bin' }, dir, dir)).toBeUndefined();
    expect(await resolveVersionManagerShim({ file: 'no-such-program', args: [], display: '' }, { PATH: '/usr/bin:/bin' }, dir, dir)).toBeUndefined();
    const elsewhere = path.join(dir, 'elsewhere');
    await mkdir(elsewhere);
    await symlink(path.join(pyenv.shims, 'node'), path.join(elsewhere, 'node'));
    expect(await resolveVersionManagerShim({ file: path.join(elsewhere, 'node'), args: [], display: '' }, { PATH: '/bin' }, path.join(dir, 'x'), 'x')).toBeUndefined();
    // pyenv's own pip-rehash hook changes pip only: pip through the shim, anything else direct.
    expect(await resolveVersionManagerShim({ file: 'node', args: [], display: '' }, { PATH: pyenv.shims }, dir, dir)).toBeDefined();
    expect(await resolveVersionManagerShim({ file: 'node', args: ['-m', 'pip', 'install'], display: '' }, { PATH: pyenv.shims }, dir, dir)).toBeUndefined();
    await writeFile(path.join(pyenv.root, 'hook'), '');
    expect(await resolveVersionManagerShim({ file: 'node', args: [], display: '' }, { PATH: pyenv.shims }, dir, path.join(dir, 'hooked'))).toBeUndefined();
  });

  test('servers of one submission start without the shim; with exec hooks, each goes through it', async () => {
    const pyenv = await fakePyenv(dir);
    vi.stubEnv('PATH', `${pyenv.shims}:${process.env.PATH ?? ''}`);
    const submissionDir = path.join(dir, 'submission');
    await mkdir(submissionDir);
    await writeFile(path.join(submissionDir, 'server.js'), `require('net').createServer(s => s.pipe(s)).listen(+process.argv[2], '127.0.0.1');`);
    const launchTwo = async (): Promise<void> => {
      for (const server of await Promise.all([1, 2].map(() => launchServer({ label: 'test', endpoint: 'tcp', command: 'node server.js {port}', submissionDir })))) await server.stop();
    };
    await launchTwo();
    expect((await pyenv.calls()).filter((call) => call.startsWith('exec'))).toEqual([]);
    await writeFile(path.join(pyenv.root, 'hook'), '');
    await writeFile(path.join(submissionDir, '.python-version'), '3.11.2\n');
    await launchTwo();
    const execs = (await pyenv.calls()).filter((call) => call.startsWith('exec'));
    expect(execs).toHaveLength(2);
    for (const call of execs) expect(call).toMatch(/^exec node server\.js \d+$/);
  });
});
