// Where the CLI writes: lines to stdout and stderr, and whether stdout takes colours.
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly color: boolean;
}

// The process's own streams. A reader that goes away (`sockgrade … | head`) makes writes fail with EPIPE,
// which Node raises as an uncaught error: the run would die there, its servers left running. The run
// goes on without that stream instead (reports and the exit status still come).
export function processIo(env: NodeJS.ProcessEnv = process.env): Io {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') === 0) stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    });
  }
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    color: Boolean(process.stdout.isTTY) && !env.NO_COLOR,
  };
}
