import { readFile } from 'node:fs/promises';

// A file's reading in progress, and the one that follows it, which every caller arriving meanwhile shares.
interface Readings {
  inFlight?: Promise<string>;
  next?: Promise<string>;
}

const byFile = new Map<string, Readings>();

// The text of a /proc table, read after the call was made, so it shows the kernel's state from then on.
// Callers that ask while a reading is in progress share the next one, which begins when it ends: each
// reading of /proc/net/tcp{,6} walks every bucket of the connection hash (262,144 here), 3–6 ms of
// kernel time, and nine servers starting at once made nine such readings at once for their ports,
// queued on libuv's file threads ahead of everything else the launches had to read.
export function readKernelTable(file: string): Promise<string> {
  let readings = byFile.get(file);
  if (!readings) {
    readings = {};
    byFile.set(file, readings);
  }
  const shared = readings;
  if (shared.next) return shared.next;
  if (!shared.inFlight) return begin(shared, file);
  const after = (): Promise<string> => {
    shared.next = undefined;
    return begin(shared, file);
  };
  shared.next = shared.inFlight.then(after, after);
  return shared.next;
}

function begin(readings: Readings, file: string): Promise<string> {
  const reading = readFile(file, 'utf8');
  readings.inFlight = reading;
  // Registered before any caller's, so a caller that reacts to this text by asking again gets a new reading.
  const done = (): void => {
    if (readings.inFlight === reading) readings.inFlight = undefined;
  };
  reading.then(done, done);
  return reading;
}
