// Where the CLI writes: lines to stdout and stderr, and whether stdout takes colours.
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly color: boolean;
}

// The process's own streams.
export function processIo(env: NodeJS.ProcessEnv = process.env): Io {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    color: Boolean(process.stdout.isTTY) && !env.NO_COLOR,
  };
}
