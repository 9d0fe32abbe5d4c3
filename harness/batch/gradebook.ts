import { SockgradeError } from '../errors/sockgrade-error.ts';
import { compareNames } from './shard.ts';

// One row of the gradebook: a submission's score per assignment it was graded on, and its total.
// A submission that could not be graded (no manifest, failed build) has no scores: empty cells.
export interface GradebookRow {
  readonly submission: string;
  readonly scores: Readonly<Record<string, number>>;
  readonly total?: number;
}

// The gradebook: rows sorted by submission name, one column per assignment (sorted by name).
export interface Gradebook {
  readonly assignments: readonly string[];
  readonly rows: readonly GradebookRow[];
}

// Builds a gradebook from rows in any order; its columns are every assignment any row was graded on.
export function gradebook(rows: readonly GradebookRow[]): Gradebook {
  const assignments = [...new Set(rows.flatMap((r) => Object.keys(r.scores)))].sort(compareNames);
  return { assignments, rows: [...rows].sort((a, b) => compareNames(a.submission, b.submission)) };
}

// Points are sums of per-test points; keep them free of binary-fraction noise (0.1 + 0.2).
function formatPoints(value: number | undefined): string {
  return value === undefined ? '' : String(Number(value.toFixed(6)));
}

// A spreadsheet runs a cell that starts with = + - @ as a formula; a leading ' keeps it text (OWASP CSV injection).
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

// The CSV: header "submission,<assignment>...,total", then one row per submission.
export function renderGradebookCsv(book: Gradebook): string {
  const lines = [['submission', ...book.assignments, 'total'].map(field).join(',')];
  for (const row of book.rows) {
    lines.push([text(row.submission), ...book.assignments.map((a) => formatPoints(row.scores[a])), formatPoints(row.total)].map(field).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

// Splits RFC 4180 CSV text into records of fields.
function parseCsvRecords(csv: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let value = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i] as string;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        value += '"';
        i++;
      } else if (c === '"') quoted = false;
      else value += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(value);
      value = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && csv[i + 1] === '\n') i++;
      record.push(value);
      records.push(record);
      record = [];
      value = '';
    } else value += c;
  }
  if (value !== '' || record.length > 0) records.push([...record, value]);
  return records;
}

// Reads a gradebook CSV written by renderGradebookCsv; a foreign file is an E_USAGE naming it.
export function parseGradebookCsv(csv: string, file: string): Gradebook {
  const [header, ...records] = parseCsvRecords(csv);
  if (!header || header[0] !== 'submission' || header.at(-1) !== 'total' || header.length < 2) {
    throw new SockgradeError('E_USAGE', `${file} is not a sockgrade gradebook: its header must be "submission,<assignment>...,total", got ${JSON.stringify(header?.join(',') ?? '')}`);
  }
  const assignments = header.slice(1, -1);
  const rows = records.map((fields, line): GradebookRow => {
    if (fields.length !== header.length) throw new SockgradeError('E_USAGE', `${file}: row ${line + 2} has ${fields.length} fields, the header has ${header.length}`);
    const submission = (fields[0] as string).replace(/^'(?=[=+\-@\t\r])/, '');
    const number = (raw: string, column: string): number => {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value)) throw new SockgradeError('E_USAGE', `${file}: row ${line + 2}, column ${column}: expected points, got ${JSON.stringify(raw)}`);
      return value;
    };
    const scores = Object.fromEntries(assignments.flatMap((a, i) => (fields[i + 1] === '' ? [] : [[a, number(fields[i + 1] as string, a)]])));
    const total = fields.at(-1) === '' ? undefined : number(fields.at(-1) as string, 'total');
    return { submission, scores, ...(total !== undefined ? { total } : {}) };
  });
  return { assignments, rows };
}

// Merges shard gradebooks into one: the same gradebook one unsharded batch writes. A submission in two
// shards means the shards overlap (different --shard counts, or the same shard twice): an E_USAGE.
export function mergeGradebooks(books: readonly { file: string; book: Gradebook }[]): Gradebook {
  const seen = new Map<string, string>();
  for (const { file, book } of books) {
    for (const row of book.rows) {
      const other = seen.get(row.submission);
      if (other !== undefined) throw new SockgradeError('E_USAGE', `submission "${row.submission}" is in both ${other} and ${file}: the shards overlap (use --shard 1/N … N/N with the same N)`);
      seen.set(row.submission, file);
    }
  }
  return gradebook(books.flatMap(({ book }) => book.rows));
}
