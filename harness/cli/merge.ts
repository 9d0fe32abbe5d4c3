import { readFile } from 'node:fs/promises';
import type { Io } from './io.ts';
import { MERGE_USAGE, parseMergeArgs } from './batch-args.ts';
import { mergeGradebooks, parseGradebookCsv, renderGradebookCsv } from '../batch/gradebook.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { writeReport } from '../reporters/write-report.ts';

// `sockgrade merge`: the shards' gradebooks become the one an unsharded batch writes.
export async function mergeCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseMergeArgs(argv);
  if (args.help) {
    io.out(MERGE_USAGE);
    return 0;
  }
  const books = await Promise.all(
    args.shards.map(async (file) => {
      const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
        throw new SockgradeError('E_USAGE', `${file} cannot be read (${err.code ?? err.message})`);
      });
      return { file, book: parseGradebookCsv(text, file) };
    }),
  );
  const merged = mergeGradebooks(books);
  await writeReport('--csv', args.csv, renderGradebookCsv(merged));
  io.out(`gradebook ${args.csv}: ${merged.rows.length} submissions from ${books.length} shard${books.length === 1 ? '' : 's'}`);
  return 0;
}
