import '../spec/task-meta.ts';
import type { TaskMeta } from 'vitest';

// Indents a block under a heading line.
function block(title: string, body: string | undefined): string[] {
  if (!body) return [];
  return [title, ...body.split('\n').map((line) => `  ${line}`)];
}

// The full failure report of one test: what went wrong, the wire transcript, the server, the hint.
export function failureMessage(assignment: string, testName: string, errorText: string, meta: TaskMeta): string {
  return [
    `${assignment} › ${testName}`,
    errorText.trim(),
    ...block('transcript:', meta.transcript),
    ...(meta.server ? meta.server.split('\n') : []),
    ...(meta.hint ? [`hint: ${meta.hint}`] : []),
  ].join('\n');
}
