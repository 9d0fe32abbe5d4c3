import type { Endpoint } from './endpoint.ts';

// Characters that need a shell; a command without them runs directly, so its exit status is its own.
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~=%{}\n]/;

export interface ResolvedCommand {
  readonly file: string;
  readonly args: readonly string[];
  readonly display: string;
}

// Fills {host} {port} {socket} in a manifest command.
export function fillPlaceholders(template: string, endpoint: Endpoint): string {
  const host = endpoint.kind === 'unix' ? '' : endpoint.host;
  const port = endpoint.kind === 'unix' ? '' : String(endpoint.port);
  const socket = endpoint.kind === 'unix' ? endpoint.path : '';
  return template.replaceAll('{host}', host).replaceAll('{port}', port).replaceAll('{socket}', socket);
}

// Turns a manifest command (string, run through sh when it uses shell syntax) or an argv list into file + args.
export function resolveCommand(command: string | readonly string[], endpoint: Endpoint): ResolvedCommand {
  if (typeof command !== 'string') {
    const argv = command.map((part) => fillPlaceholders(part, endpoint));
    const [file, ...args] = argv;
    if (!file) throw new TypeError('command must not be empty');
    return { file, args, display: argv.join(' ') };
  }
  const filled = fillPlaceholders(command, endpoint).trim();
  if (filled === '') throw new TypeError('command must not be empty');
  if (SHELL_SYNTAX.test(filled)) return { file: '/bin/sh', args: ['-c', filled], display: filled };
  const [file, ...args] = filled.split(/\s+/);
  return { file: file as string, args, display: filled };
}
