import { expect, test } from 'vitest';
import { Transcript } from './transcript.ts';

test('toJSON keeps the first and last 100 events of a long transcript and says how many it left out between them', () => {
  const transcript = new Transcript();
  for (let i = 0; i < 250; i++) transcript.record(`client ${i}`, 'send', Buffer.from([i & 0xff]));
  const json = transcript.toJSON();
  expect(json).toHaveLength(201);
  expect(json[99]?.actor).toBe('client 99');
  expect(json[100]).toMatchObject({ actor: 'harness', kind: 'note', text: '… 50 events left out here …', omitted: 50 });
  expect(json[101]?.actor).toBe('client 150');
  expect(json[200]).toMatchObject({ actor: 'client 249', kind: 'send', bytes: Buffer.from([249]).toString('base64'), byteLength: 1 });
});

test('toJSON of a short transcript is every event, none marked as a gap', () => {
  const transcript = new Transcript();
  transcript.record('client 1', 'send', Buffer.from('hi'));
  transcript.record('client 1', 'eof', 'server closed its sending side (FIN)');
  expect(transcript.toJSON().map((e) => [e.kind, e.omitted])).toEqual([['send', undefined], ['eof', undefined]]);
});
