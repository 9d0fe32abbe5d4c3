import type { Placeholders } from './placeholders.ts';
import { fillPlaceholders } from './placeholders.ts';

// Characters that need a shell; a command without them runs directly, so its exit status is its own.
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~=%{}\n]/;

export interface ResolvedCommand {
  readonly file: string;
  readonly args: readonly string[];
  readonly display: string;
}

// Turns a manifest command (string, run through sh when it uses shell syntax) or an argv list into file + args.
export function resolveCommand(command: string | readonly string[], values: Placeholders): ResolvedCommand {
  if (typeof command !== 'string') {
    const argv = command.map((part) => fillPlaceholders(part, values));
    const [file, ...args] = argv;
    if (!file) throw new TypeError('command must not be empty');
    return { file, args, display: argv.join(' ') };
  }
  const filled = fillPlaceholders(command, values).trim();
  if (filled === '') throw new TypeError('command must not be empty');
  if (SHELL_SYNTAX.test(filled)) return { file: '/bin/sh', args: ['-c', filled], display: filled };
  const [file, ...args] = filled.split(/\s+/);
  return { file: file as string, args, display: filled };
}
