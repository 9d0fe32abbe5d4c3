import { describe, expect, test } from 'vitest';
import { fillPlaceholders, resolveCommand } from './command.ts';

const tcp = { kind: 'tcp', host: '127.0.0.1', port: 4242 } as const;
const unix = { kind: 'unix', path: '/tmp/sg-x/server.sock' } as const;

describe('command', () => {
  test('fills {host} {port} {socket}', () => {
    expect(fillPlaceholders('python3 s.py {host} {port}', tcp)).toBe('python3 s.py 127.0.0.1 4242');
    expect(fillPlaceholders('./server {socket}', unix)).toBe('./server /tmp/sg-x/server.sock');
  });

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
