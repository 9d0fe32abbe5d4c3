import { firstDifference } from '../bytes/bytes.ts';
import { hex, plural } from '../bytes/show-bytes.ts';
import type { FramingMistake } from './framing-mistakes.ts';
import { frame, HEADER_BYTES } from './length-prefixed.ts';

// What came back where one reply was expected, with how the message had been sent.
export interface ReplyEvidence {
  // 1-based number of the message on its connection.
  readonly number: number;
  // The payload this reply must carry, then the payloads of the messages sent after it.
  readonly expected: readonly Buffer[];
  // Header bytes received (fewer than 4 if reading stopped early) and payload bytes read after them.
  readonly header: Buffer;
  readonly body: Buffer;
  // Why reading stopped before the reply was complete, if it did.
  readonly ended?: 'eof' | 'reset' | 'timeout';
  // The message went out in several writes.
  readonly sentInPieces: boolean;
  // The messages completed by the same write as this one, and how many of them were answered.
  readonly batch: { readonly size: number; readonly answered: number };
  // Earlier in the same send, one write completed several messages, and some of them were answered.
  readonly coalescedBefore?: boolean;
}

export interface Diagnosis {
  // What was observed, as a phrase: "reply 1 declares 83886080 payload bytes, expected 5".
  readonly observed: string;
  readonly mistake?: FramingMistake;
}

// The 32-bit value with its bytes reversed: a big-endian length read as little-endian.
export function byteSwap32(n: number): number {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b.readUInt32LE(0);
}

const ENDINGS = { eof: 'the server closed the connection', reset: 'the server reset the connection', timeout: 'nothing more came' } as const;

// How many of the expected messages (after the first) appear, framed, right after the first payload.
function framesFollowing(body: Buffer, expected: readonly Buffer[]): number {
  let at = expected[0]?.length ?? 0;
  let count = 0;
  for (const payload of expected.slice(1)) {
    const next = frame(payload);
    const got = body.subarray(at, at + next.length);
    if (got.length === 0 || !got.equals(next.subarray(0, got.length))) break;
    count++;
    at += next.length;
  }
  return count;
}

// Names the sticky-packet mistake a faulty reply shows, when it shows one; otherwise says what was seen.
export function diagnoseReply(e: ReplyEvidence): Diagnosis {
  const want = e.expected[0] ?? Buffer.alloc(0);
  const reply = `reply ${e.number}`;
  if (e.header.length < HEADER_BYTES) {
    const why = ENDINGS[e.ended ?? 'timeout'];
    if (e.batch.size > 1 && e.batch.answered > 0) {
      return { observed: `only ${e.batch.answered} of the ${e.batch.size} messages completed by one write were answered, then ${why}`, mistake: 'missing' };
    }
    if (e.ended === 'timeout' && e.header.length === 0 && e.coalescedBefore) {
      return { observed: `message ${e.number} was never answered (${why}), after an earlier write had completed several messages at once`, mistake: 'missing' };
    }
    if (e.ended !== 'timeout' && e.header.length === 0 && e.sentInPieces) {
      return { observed: `${why} without answering message ${e.number}, which arrived in pieces`, mistake: 'oneRecvOneMessage' };
    }
    if (e.header.length === 0) return { observed: e.ended === 'timeout' ? `no reply` : `${why} without answering message ${e.number}` };
    return { observed: `${reply} stopped after ${plural(e.header.length, 'header byte')}: ${why}` };
  }
  const declared = e.header.readUInt32BE(0);
  if (declared !== want.length) {
    if (e.header.readUInt32LE(0) === want.length) {
      return { observed: `${reply} has the length header ${hex(e.header)}: ${declared} as '!I', but ${want.length} (the right length) read little-endian`, mistake: 'littleEndian' };
    }
    if (declared > want.length && e.body.length >= want.length && e.body.subarray(0, want.length).equals(want)) {
      const more = framesFollowing(e.body, e.expected);
      const what = more > 0 ? `message ${e.number}'s payload followed by the next ${plural(more, 'message')}, headers included` : `message ${e.number}'s payload followed by ${declared - want.length} more bytes`;
      return { observed: `${reply} declares ${declared} payload bytes instead of ${want.length}: ${what}`, mistake: 'merged' };
    }
    if (declared < want.length && e.body.length === declared && e.body.equals(want.subarray(0, declared))) {
      return { observed: `${reply} carries only the first ${declared} of the ${want.length} payload bytes`, mistake: 'bodyCut' };
    }
    return { observed: `${reply} declares ${declared} payload bytes (header ${hex(e.header)}), expected ${want.length}` };
  }
  const diff = firstDifference(e.body, want);
  const good = diff < 0 ? e.body.length : diff;
  if (good < want.length && good === byteSwap32(want.length)) {
    return {
      observed: `${reply} matched for ${good} of ${want.length} payload bytes, and ${want.length} read little-endian is ${good}: the server took our header as ${good}`,
      mistake: 'littleEndian',
    };
  }
  if (good < e.body.length) return { observed: `${reply} has the right length but its payload differs at byte ${good}` };
  return { observed: `${reply} stopped after ${good} of ${want.length} payload bytes: ${ENDINGS[e.ended ?? 'timeout']}` };
}
