import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Io } from './io.ts';
import { parseStrictOptions } from './strict-options.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { findCourse } from '../course/find-course.ts';
import { packageRoot } from '../paths.ts';

export const NEW_USAGE = `Usage: sockgrade new NAME [--protocol tcp|udp|unix] [--course DIR]

Scaffolds an assignment in a course: specs/NAME/NAME.spec.ts (two example tests) and README.md,
reference/NAME/ (a Python reference server), fixtures/NAME/NAME-ok/ (a correct server written another
way) and fixtures/NAME/NAME-<mistake>/ (a broken one), each with the verdicts it must get.
\`sockgrade check\` passes on it at once: start from green and edit.
  NAME                  the assignment's name: lowercase letters, digits and dashes
  --protocol P          tcp (default), udp or unix
  --course DIR          the course folder (default: package.json "sockgrade.specs", else this folder);
                        a package.json there without a "sockgrade" entry gets {"specs": "."}`;

const PROTOCOLS = ['tcp', 'udp', 'unix'] as const;
type Protocol = (typeof PROTOCOLS)[number];

// Where each template file goes in the course, for an assignment called name.
function layout(name: string, mistake: string): [string, string][] {
  return [
    ['spec.ts', `specs/${name}/${name}.spec.ts`],
    ['README.md', `specs/${name}/README.md`],
    ['reference.py', `reference/${name}/server.py`],
    ['reference.json', `reference/${name}/sockgrade.json`],
    ['ok.py', `fixtures/${name}/${name}-ok/server.py`],
    ['ok.expected.json', `fixtures/${name}/${name}-ok/expected.json`],
    ['reference.json', `fixtures/${name}/${name}-ok/sockgrade.json`],
    ['broken.py', `fixtures/${name}/${name}-${mistake}/server.py`],
    ['broken.expected.json', `fixtures/${name}/${name}-${mistake}/expected.json`],
    ['reference.json', `fixtures/${name}/${name}-${mistake}/sockgrade.json`],
  ];
}

// Adds "sockgrade": {"specs": "."} to the course's package.json, so `npx sockgrade` there finds the course.
async function registerCourse(course: string, io: Io): Promise<void> {
  const file = path.join(course, 'package.json');
  if (!existsSync(file)) return;
  const data = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  if (data.sockgrade !== undefined) return;
  data.sockgrade = { specs: '.' };
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
  io.out(`  package.json: added "sockgrade": {"specs": "."}`);
}

// `sockgrade new NAME`: writes the scaffold; refuses to overwrite anything.
export async function newCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseStrictOptions(argv, { protocol: { type: 'string' }, course: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, 'sockgrade new');
  if (values.help) {
    io.out(NEW_USAGE);
    return 0;
  }
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0) throw new SockgradeError('E_USAGE', `sockgrade new takes one NAME, got ${positionals.length} (see sockgrade new --help)`);
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) throw new SockgradeError('E_USAGE', `NAME must be lowercase letters, digits and dashes (it names folders and appears in manifests), got ${JSON.stringify(name)}`);
  const protocol = (values.protocol ?? 'tcp') as Protocol;
  if (!PROTOCOLS.includes(protocol)) throw new SockgradeError('E_USAGE', `--protocol must be one of ${PROTOCOLS.join(', ')}, got ${JSON.stringify(values.protocol)}`);
  const course = path.resolve(values.course ?? findCourse({ cwd: process.cwd() })?.dir ?? process.cwd());
  const templates = path.join(packageRoot, 'templates', protocol);
  const mistake = (await readFile(path.join(templates, 'broken.name'), 'utf8')).trim();
  const files = layout(name, mistake);
  const taken = files.map(([, to]) => to).filter((to) => existsSync(path.join(course, to)));
  if (taken.length > 0) throw new SockgradeError('E_USAGE', `${path.join(course, taken[0] as string)} already exists: sockgrade new never overwrites (choose another NAME)`);
  io.out(`sockgrade new ${name} (${protocol}) in ${course}:`);
  for (const [from, to] of files) {
    const text = (await readFile(path.join(templates, from), 'utf8')).replaceAll('__NAME__', name);
    await mkdir(path.dirname(path.join(course, to)), { recursive: true });
    await writeFile(path.join(course, to), text);
    io.out(`  ${to}`);
  }
  await registerCourse(course, io);
  io.out(`Next: \`npx sockgrade check\` proves the spec (it passes now); edit specs/${name}/${name}.spec.ts and the servers, and check again.`);
  return 0;
}
