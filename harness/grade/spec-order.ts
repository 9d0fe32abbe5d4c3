import { statSync } from 'node:fs';
import path from 'node:path';
import type { TestSequencer, TestSpecification } from 'vitest/node';
import type { GradingTarget } from '../spec/target.ts';

// The spec files of a run, the most work first: a spec file's size (its tests and their steps) times the
// programs it grades (every target of its assignment, the folder it is in). Files run a few at a time,
// so the last one to start sets the end of the run: in a class, concurrent-echo (the largest, ~10 s)
// came last, as the manifest lists it, and ran alone for its last 5 s.
export function mostWorkFirst(specFiles: readonly string[], targets: readonly GradingTarget[]): string[] {
  const perAssignment = new Map<string, number>();
  for (const target of targets) perAssignment.set(target.assignment, (perAssignment.get(target.assignment) ?? 0) + 1);
  const work = (file: string): number => sizeOf(file) * (perAssignment.get(path.basename(path.dirname(file))) ?? 1);
  const weights = new Map(specFiles.map((file) => [file, work(file)]));
  return [...specFiles].sort((a, b) => (weights.get(b) ?? 0) - (weights.get(a) ?? 0));
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

// Runs spec files in the order they are given (vitest's own sorts by what its cache knows, and a
// grading run keeps no cache).
export class GivenOrder implements TestSequencer {
  shard(files: TestSpecification[]): TestSpecification[] {
    return files;
  }

  sort(files: TestSpecification[]): TestSpecification[] {
    return files;
  }
}
