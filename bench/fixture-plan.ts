// The fixtures the soaks grade: every fixture of every built-in assignment, as `sockgrade check` plans them
// (targets, build, expected verdicts), filtered by name ("echo-ok", "tcp-echo/echo-ok" or "tcp-echo").
import { Catalog } from '../harness/course/catalog.ts';
import { planCheck } from '../harness/course/check-plan.ts';
import type { CheckItem } from '../harness/course/check-plan.ts';

export async function fixturePlan(filters: readonly string[]): Promise<CheckItem[]> {
  const catalog = Catalog.load();
  const items = await planCheck(catalog.own, catalog);
  const name = (item: CheckItem): string => item.label.replace(/^fixtures\//, '');
  return items.filter((item) => item.kind === 'fixture' && !item.missing && (filters.length === 0 || filters.some((f) => name(item) === f || name(item).startsWith(`${f}/`) || name(item).endsWith(`/${f}`))));
}

// True when every verdict the fixture declares is a pass (or a skip): a correct server.
export function isCorrect(item: CheckItem): boolean {
  return [...(item.fixture?.verdicts.values() ?? [])].every((tests) => [...tests.values()].every((v) => v.status !== 'failed'));
}
