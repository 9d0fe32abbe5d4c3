import type { ByteInput } from '../bytes/bytes.ts';
import { toBuffer } from '../bytes/bytes.ts';
import { compareBytes, escapeText, plural, showBytes } from '../bytes/show-bytes.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import type { StudentRecord } from '../framing/record-codec.ts';
import { formatHeight, packRecord, recordReply } from '../framing/record-codec.ts';
import { scaled } from '../time/timeouts.ts';
import { diagnoseRecordReply, recordMistakes } from './record-diagnosis.ts';
import type { RecordMistake } from './record-diagnosis.ts';
import type { UdpClient } from './udp-client.ts';

export interface RecordClientOptions {
  // Opens another UDP client to the same server: lets a wrong reply be probed for a big-endian reading.
  readonly open?: (label?: string) => Promise<UdpClient>;
  // The other record clients of the test: a reply meant for one of them is reported as misdelivered.
  readonly peers?: () => readonly RecordClient[];
}

type Sent =
  | { readonly kind: 'record'; readonly number: number; readonly record: StudentRecord; readonly bytes: Buffer; readonly reply: Buffer }
  | { readonly kind: 'other'; readonly number: number; readonly bytes: Buffer; readonly what: string };

// How long an answer may take: on a machine with a load of 50 on 2 cores, a correct Python server took
// 1.7 s for one round trip. Only a server that never answers pays the wait.
const REPLY_MS = 5000;

const isError = (reply: Buffer): boolean => reply.subarray(0, 5).toString('latin1') === 'ERROR';

// "record 2 (id 7, name "alice", height 1.73)"
function describeRecord(sent: Sent & { kind: 'record' }): string {
  return `record ${sent.number} (id ${sent.record.id}, name ${JSON.stringify(sent.record.name)}, height ${formatHeight(sent.record.height)})`;
}

// A udp-record client over a UdpClient: sends 24-byte records (and datagrams that are not records),
// expects each record answered with its exact text reply in any order, lets a datagram of another size
// be answered with one reply starting with ERROR or not at all, and names the mistake a wrong reply shows.
export class RecordClient {
  readonly #unanswered: Sent[] = [];
  #count = 0;

  constructor(readonly udp: UdpClient, readonly options: RecordClientOptions = {}) {}

  get label(): string {
    return this.udp.label;
  }

  // The replies this client still waits for (another client receiving one of them got it misdelivered).
  get awaited(): readonly Buffer[] {
    return this.#unanswered.flatMap((s) => (s.kind === 'record' ? [s.reply] : []));
  }

  // Sends one record, packed little-endian ("<i16sf").
  async send(record: StudentRecord): Promise<void> {
    const bytes = packRecord(record);
    const sent: Sent = { kind: 'record', number: ++this.#count, record, bytes, reply: recordReply(record) };
    this.udp.transcript.record(this.label, 'note', `${describeRecord(sent)} packed "<i16sf", expecting ${escapeText(sent.reply)}`);
    this.#unanswered.push(sent);
    await this.udp.send(bytes);
  }

  // Sends a datagram that is not a record (`what` says how, for messages): it may be answered with one
  // reply starting with ERROR, or not at all.
  async sendDatagram(data: ByteInput, what: string): Promise<void> {
    const bytes = Buffer.from(toBuffer(data));
    this.#unanswered.push({ kind: 'other', number: ++this.#count, bytes, what });
    await this.udp.send(bytes);
  }

  // Waits until every record sent is answered with its exact reply (any order: a threaded server may
  // reorder), taking ERROR replies to the other datagrams on the way; anything else fails, diagnosed.
  async expectAnswers({ timeoutMs = scaled(REPLY_MS) }: { timeoutMs?: number } = {}): Promise<void> {
    const end = performance.now() + timeoutMs;
    while (this.#unanswered.some((s) => s.kind === 'record')) {
      const got = await this.udp.receive({ timeoutMs: Math.max(1, Math.round(end - performance.now())) });
      if (!got) throw this.#timeout(timeoutMs);
      const index = this.#unanswered.findIndex((s) => s.kind === 'record' && s.reply.equals(got));
      if (index >= 0) {
        this.#unanswered.splice(index, 1);
        continue;
      }
      const other = this.#unanswered.findIndex((s) => s.kind === 'other');
      if (other >= 0 && isError(got)) {
        this.#unanswered.splice(other, 1);
        continue;
      }
      throw await this.#wrong(got);
    }
  }

  #timeout(timeoutMs: number): SockgradeError {
    const missing = this.#unanswered.filter((s): s is Sent & { kind: 'record' } => s.kind === 'record');
    const first = missing[0] as Sent & { kind: 'record' };
    const holder = this.options.peers?.().find((peer) => peer !== this && peer.udp.unread.some((d) => missing.some((m) => m.reply.equals(d))));
    const where = holder ? `: the answer went to ${holder.label} (reply to the address recvfrom() returned with that datagram)` : '';
    const others = this.#unanswered.filter((s) => s.kind === 'other' && s.number < first.number);
    const after = others.length > 0 && !holder ? `, sent after ${plural(others.length, 'datagram')} that ${others.length === 1 ? 'is' : 'are'} not a record (${others.map((s) => (s.kind === 'other' ? s.what : '')).join(', ')})` : '';
    const what = missing.length === 1 ? `the answer to ${describeRecord(first)}` : `answers to ${missing.length} records`;
    return new SockgradeError('E_TIMEOUT', `${this.label} waited ${timeoutMs}ms for ${what}${after}, but none came${where}`, {
      details: missing.map((s) => `  sent      ${showBytes(s.bytes)}\n  expected  ${showBytes(s.reply)}`).join('\n'),
      context: { client: this.label },
    });
  }

  async #wrong(got: Buffer): Promise<SockgradeError> {
    const misdelivered = this.options.peers?.().find((peer) => peer !== this && peer.awaited.some((d) => d.equals(got)));
    if (misdelivered) {
      return new SockgradeError('E_MISMATCH', `${this.label} received ${escapeText(got)}, the answer to a record ${misdelivered.label} sent: the reply went to the wrong address (reply to the address recvfrom() returned with that datagram)`, {
        details: `  received  ${showBytes(got)}`,
        context: { client: this.label },
      });
    }
    const records = this.#unanswered.filter((s): s is Sent & { kind: 'record' } => s.kind === 'record');
    const diagnosed = records.map((sent) => ({ sent, diagnosis: diagnoseRecordReply(sent.record, got) }));
    const explained = diagnosed.find((d) => d.diagnosis.mistake) ?? diagnosed.find((d) => got.toString('latin1').startsWith(`${d.sent.record.id} `));
    const other = this.#unanswered.find((s): s is Sent & { kind: 'other' } => s.kind === 'other');
    if (!explained && other && (other.number < (records[0]?.number ?? Infinity))) {
      return new SockgradeError('E_MISMATCH', `${this.label} sent a datagram that is not a record (${other.what}) and received ${escapeText(got.subarray(0, 60))}: a datagram of any other size than 24 bytes gets a reply starting with ERROR, or none`, {
        details: `  sent      ${showBytes(other.bytes)}\n  received  ${showBytes(got)}`,
        context: { client: this.label },
      });
    }
    const { sent, diagnosis } = explained ?? (diagnosed[0] as (typeof diagnosed)[number]);
    let { observed, mistake } = diagnosis;
    let how = 'looks like';
    if ((mistake === undefined || mistake === 'bigEndian') && (await this.#answersBigEndian(sent.record))) {
      observed += `; a probe with the same record packed big-endian (">i16sf") was answered correctly`;
      mistake = 'bigEndian';
      how = 'so';
    }
    return new SockgradeError('E_MISMATCH', `${this.label} sent ${describeRecord(sent)} and received ${escapeText(got.subarray(0, 60))}; ${observed}${mistake ? `: ${how} ${recordMistakes[mistake as RecordMistake]}` : ''}`, {
      details: compareBytes({ sent: sent.bytes, expected: sent.reply, received: got }),
      context: { client: this.label, record: sent.number },
    });
  }

  // A server that unpacks big-endian answers a record packed big-endian with exactly the right text.
  async #answersBigEndian(record: StudentRecord): Promise<boolean> {
    const open = this.options.open;
    if (!open) return false;
    const probe = await open('big-endian probe').catch(() => undefined);
    if (!probe) return false;
    try {
      await probe.send(packRecord(record, 'big'));
      return (await probe.receive({ timeoutMs: scaled(2000) }))?.equals(recordReply(record)) ?? false;
    } catch {
      return false;
    } finally {
      await probe.close();
    }
  }
}

// Opens record clients that know each other (to recognise a reply sent to the wrong client) and can
// open a probe: `const open = recordClients(udp); const client = await open();`.
export function recordClients(open: (label?: string) => Promise<UdpClient>): (label?: string) => Promise<RecordClient> {
  const clients: RecordClient[] = [];
  return async (label) => {
    const client = new RecordClient(await open(label), { open, peers: () => clients });
    clients.push(client);
    return client;
  };
}
