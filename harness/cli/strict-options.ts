import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

type Parsed<O extends NonNullable<ParseArgsConfig['options']>> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: O }>>;
import { SockgradeError } from '../errors/sockgrade-error.ts';

// parseArgs in strict mode with positionals; its error becomes one E_USAGE line pointing at the command's help.
export function parseStrictOptions<O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O, command: string): Parsed<O> {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (err) {
    throw new SockgradeError('E_USAGE', `${(err as Error).message.split('\n')[0]} (see ${command} --help)`);
  }
}
