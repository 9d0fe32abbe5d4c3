import { describe, expect, test } from 'vitest';
import { resolveCommand } from './command.ts';
import { fillPlaceholders, placeholderEnvironment, placeholdersFor } from './placeholders.ts';

const tcp = placeholdersFor({ kind: 'tcp', host: '127.0.0.1', port: 4242 });
const unix = placeholdersFor({ kind: 'unix', path: '/tmp/sg-x/server.sock' });

describe('placeholders', () => {
  test('fills {host} {port} {socket} {root} {log}; a value not given is empty', () => {
    expect(fillPlaceholders('python3 s.py {host} {port}', tcp)).toBe('python3 s.py 127.0.0.1 4242');
    expect(fillPlaceholders('./server {socket}', unix)).toBe('./server /tmp/sg-x/server.sock');
    const withFiles = placeholdersFor({ kind: 'tcp', host: '127.0.0.1', port: 80 }, { root: '/t/root', log: '/t/work/server.log' });
    expect(fillPlaceholders('s {port} {root} {log}', withFiles)).toBe('s 80 /t/root /t/work/server.log');
    expect(fillPlaceholders('s {port}{socket} {root}', tcp)).toBe('s 4242 ');
  });

  test('gives the same values as HOST PORT SOCKET_PATH ROOT_DIR LOG_PATH, only those it has', () => {
    expect(placeholderEnvironment(tcp)).toEqual({ HOST: '127.0.0.1', PORT: '4242' });
    expect(placeholderEnvironment(placeholdersFor({ kind: 'unix', path: '/s' }, { root: '/r', log: '/l' }))).toEqual({ SOCKET_PATH: '/s', ROOT_DIR: '/r', LOG_PATH: '/l' });
  });
});

describe('command', () => {
  test('runs a plain command directly, so its exit status is its own', () => {
    expect(resolveCommand('python3  echo.py {port}', tcp)).toEqual({ file: 'python3', args: ['echo.py', '4242'], display: 'python3  echo.py 4242' });
  });

  test('hands shell syntax to /bin/sh', () => {
    expect(resolveCommand('cd src && python3 echo.py {port}', tcp)).toEqual({ file: '/bin/sh', args: ['-c', 'cd src && python3 echo.py 4242'], display: 'cd src && python3 echo.py 4242' });
  });

  test('keeps an argv list as it is', () => {
    expect(resolveCommand(['/usr/bin/node', 'server.mjs', '{port}'], tcp).args).toEqual(['server.mjs', '4242']);
  });

  test('rejects an empty command', () => {
    expect(() => resolveCommand('   ', tcp)).toThrow('command must not be empty');
  });
});
