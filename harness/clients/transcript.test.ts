import { describe, expect, test } from 'vitest';
import { Transcript } from './transcript.ts';

describe('Transcript', () => {
  test('consecutive chunks merge into one transfer, counted whole, held only at its start', () => {
    const transcript = new Transcript();
    transcript.record('client 1', 'send', Buffer.from('GET /big HTTP/1.1\r\n\r\n'));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    for (let i = 0; i < 96; i++) transcript.record('client 1', 'recv', chunk);
    const [request, response] = transcript.events;
    expect(request?.byteLength).toBe(21);
    expect(response?.byteLength).toBe(96 * 64 * 1024);
    // Only the start is held: copying the growing transfer for every chunk is quadratic.
    expect(response?.bytes?.length).toBe(64 * 1024);
    expect(transcript.render()).toContain('client 1  ←  recv     6291456 bytes "aaaaaaaaaaaaaaaaaaaaaaaa"…');
    expect(transcript.toJSON()[1]).toMatchObject({ byteLength: 6291456 });
  });

  test('datagrams and other actors are events of their own', () => {
    const transcript = new Transcript();
    transcript.record('client 1', 'sendto', Buffer.from('a'));
    transcript.record('client 1', 'sendto', Buffer.from('b'));
    transcript.record('client 2', 'recv', Buffer.from('c'));
    transcript.record('client 1', 'recv', Buffer.from('d'));
    expect(transcript.events.map((e) => [e.actor, e.kind, e.bytes?.toString()])).toEqual([['client 1', 'sendto', 'a'], ['client 1', 'sendto', 'b'], ['client 2', 'recv', 'c'], ['client 1', 'recv', 'd']]);
  });

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
});
