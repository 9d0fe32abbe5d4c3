// A class for `sockgrade batch`: N copies of examples/sample-submission (one server per core
// assignment), their commands switched from the `python3` on PATH to a named interpreter.
import path from 'node:path';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { packageRoot } from '../harness/paths.ts';

const SAMPLE = path.join(packageRoot, 'examples/sample-submission');

// The assignments the sample answers: the five core ones.
export async function sampleAssignments(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(path.join(SAMPLE, 'sockgrade.json'), 'utf8')) as { assignments: Record<string, string> };
  return Object.keys(manifest.assignments);
}

// Writes dir/student-001 … student-N; each manifest's `python3 …` commands start `python …` instead.
export async function writeClass(dir: string, count: number, python: string): Promise<void> {
  const manifest = JSON.parse(await readFile(path.join(SAMPLE, 'sockgrade.json'), 'utf8')) as { assignments: Record<string, string> };
  const assignments = Object.fromEntries(Object.entries(manifest.assignments).map(([name, command]) => [name, command.replace(/^python3 /, `${python} `)]));
  for (let i = 1; i <= count; i++) {
    const student = path.join(dir, `student-${String(i).padStart(3, '0')}`);
    await mkdir(student, { recursive: true });
    await cp(SAMPLE, student, { recursive: true });
    await writeFile(path.join(student, 'sockgrade.json'), `${JSON.stringify({ ...manifest, assignments }, null, 2)}\n`);
  }
}
