import { createRequire } from 'node:module';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import type { GradeResult } from '../grade/results.ts';
import { finishJunit } from './junit-finish.ts';
import { renderTap } from './tap.ts';

// tap-junit builds its XML with xmlbuilder2, which decodes "&amp;"-style references in the text it is
// given and then copies anything shaped like an entity ("&nbsp;", "&bogus;", "&#65;") into the XML
// as is: an undefined entity makes the file malformed, and the others change the text. So every "&"
// crosses tap-junit as a private-use character and becomes "&amp;" in the XML afterwards.
const AMPERSAND_STAND_IN = '\uE000';

function hideAmpersands(text: string): string {
  return text.replaceAll(AMPERSAND_STAND_IN, '\uFFFD').replaceAll('&', AMPERSAND_STAND_IN);
}

// JUnit XML made from our TAP by tap-junit's command line (its documented interface): TAP on stdin,
// XML on stdout. Without --output it writes no file and never exits 1 on failed tests.
export async function tapToJunit(tap: string, { suite }: { suite: string }): Promise<string> {
  const { execa } = await import('execa');
  const bin = createRequire(import.meta.url).resolve('tap-junit/bin/tap-junit');
  const result = await execa(process.execPath, [bin, '--name', 'sockgrade', '--classname', hideAmpersands(suite), '--pretty'], { input: hideAmpersands(tap), reject: false, timeout: 60_000, stripFinalNewline: false });
  if (result.exitCode !== 0 || !String(result.stdout).startsWith('<?xml')) {
    throw new SockgradeError('E_REPORT', `--junit: tap-junit failed (${result.exitCode ?? result.signal}): ${String(result.stderr).trim().split('\n')[0] ?? ''}`);
  }
  return `${String(result.stdout).trimEnd().replaceAll(AMPERSAND_STAND_IN, '&amp;')}\n`;
}

// The result as JUnit XML: our TAP through tap-junit, then finished where tap-junit falls short
// (junit-finish.ts), valid against the Jenkins JUnit schema (jenkins-junit.xsd).
export async function renderJunit(result: GradeResult, { suite }: { suite: string }): Promise<string> {
  return finishJunit(await tapToJunit(renderTap(result), { suite }), result);
}
