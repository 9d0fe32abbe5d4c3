import type { Endpoint } from './endpoint.ts';

// The values a server is given, as command placeholders and as environment variables (DESIGN.md):
// {host} HOST, {port} PORT, {socket} SOCKET_PATH, {root} ROOT_DIR, {log} LOG_PATH. A value the test
// does not provide is an empty string in the command and absent from the environment.
export interface Placeholders {
  readonly host?: string;
  readonly port?: string;
  readonly socket?: string;
  readonly root?: string;
  readonly log?: string;
}

const VARIABLES = { host: 'HOST', port: 'PORT', socket: 'SOCKET_PATH', root: 'ROOT_DIR', log: 'LOG_PATH' } as const;

// The placeholders of a server at this endpoint, with its {root} and {log} if it has them.
export function placeholdersFor(endpoint: Endpoint, files: { root?: string; log?: string } = {}): Placeholders {
  const address = endpoint.kind === 'unix' ? { socket: endpoint.path } : { host: endpoint.host, port: String(endpoint.port) };
  return { ...address, ...(files.root ? { root: files.root } : {}), ...(files.log ? { log: files.log } : {}) };
}

// Fills every {name} placeholder in a command template.
export function fillPlaceholders(template: string, values: Placeholders): string {
  let filled = template;
  for (const name of Object.keys(VARIABLES) as (keyof Placeholders)[]) filled = filled.replaceAll(`{${name}}`, values[name] ?? '');
  return filled;
}

// The same values as environment variables.
export function placeholderEnvironment(values: Placeholders): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, variable] of Object.entries(VARIABLES)) {
    const value = values[name as keyof Placeholders];
    if (value !== undefined) env[variable] = value;
  }
  return env;
}
