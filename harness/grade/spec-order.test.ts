import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { mostWorkFirst } from './spec-order.ts';
import type { GradingTarget } from '../spec/target.ts';

test('spec files run the most work first: size times the programs graded on their assignment', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-order-'));
  try {
    const file = async (assignment: string, bytes: number): Promise<string> => {
      await mkdir(path.join(dir, assignment), { recursive: true });
      const spec = path.join(dir, assignment, `${assignment}.spec.ts`);
      await writeFile(spec, 'x'.repeat(bytes));
      return spec;
    };
    const small = await file('small', 1000);
    const large = await file('large', 5000);
    const many = await file('many', 2000);
    const target = (assignment: string, id: string): GradingTarget => ({ id, assignment, label: id, command: 'x', submissionDir: dir });
    const targets = [target('small', 'a'), target('large', 'a'), target('many', 'a'), target('many', 'b'), target('many', 'c')];
    // many: 2000 x 3 programs; large: 5000 x 1; small: 1000 x 1.
    expect(mostWorkFirst([small, large, many], targets)).toEqual([many, large, small]);
    // One program each: by size; a file that cannot be read goes last.
    expect(mostWorkFirst([small, path.join(dir, 'gone', 'gone.spec.ts'), many, large], targets.slice(0, 3))).toEqual([large, many, small, path.join(dir, 'gone', 'gone.spec.ts')]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
