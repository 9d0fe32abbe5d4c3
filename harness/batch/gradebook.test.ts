import { expect, test } from 'vitest';
import { gradebook, mergeGradebooks, parseGradebookCsv, renderGradebookCsv } from './gradebook.ts';
import type { GradebookRow } from './gradebook.ts';

const rows: GradebookRow[] = [
  { submission: 'zoe', scores: { 'tcp-echo': 13, 'udp-echo': 0.1 + 0.2 }, total: 13.3 },
  { submission: 'alice, "the first"', scores: { 'tcp-echo': 7 }, total: 7 },
  { submission: '=cmd()', scores: {} },
];

test('header submission, one column per assignment, total; rows sorted; quoting, formula guard, no float noise', () => {
  expect(renderGradebookCsv(gradebook(rows))).toBe(
    ['submission,tcp-echo,udp-echo,total', '\'=cmd(),,,', '"alice, ""the first""",7,,7', 'zoe,13,0.3,13.3', ''].join('\r\n'),
  );
});

test('a gradebook reads back as written', () => {
  const book = gradebook(rows);
  const csv = renderGradebookCsv(book);
  expect(renderGradebookCsv(parseGradebookCsv(csv, 'g.csv'))).toBe(csv);
  expect(parseGradebookCsv(csv, 'g.csv').rows.map((r) => r.submission)).toEqual(['=cmd()', 'alice, "the first"', 'zoe']);
});

test('merged shards give the unsharded gradebook, columns included', () => {
  const whole = renderGradebookCsv(gradebook(rows));
  const a = parseGradebookCsv(renderGradebookCsv(gradebook([rows[0]!])), 'a.csv');
  const b = parseGradebookCsv(renderGradebookCsv(gradebook([rows[1]!, rows[2]!])), 'b.csv');
  expect(b.assignments).toEqual(['tcp-echo']);
  expect(renderGradebookCsv(mergeGradebooks([{ file: 'b.csv', book: b }, { file: 'a.csv', book: a }]))).toBe(whole);
});

test('overlapping shards and foreign files are refused, naming the file', () => {
  const a = parseGradebookCsv(renderGradebookCsv(gradebook([rows[0]!])), 'a.csv');
  expect(() => mergeGradebooks([{ file: 'a.csv', book: a }, { file: 'a2.csv', book: a }])).toThrow(/submission "zoe" is in both a.csv and a2.csv/);
  expect(() => parseGradebookCsv('name,score\r\nx,1\r\n', 'other.csv')).toThrow(/other.csv is not a sockgrade gradebook/);
  expect(() => parseGradebookCsv('submission,tcp-echo,total\r\nx,lots,1\r\n', 'bad.csv')).toThrow(/bad.csv: row 2, column tcp-echo: expected points, got "lots"/);
});
