import path from 'node:path';
import { packageRoot } from '../paths.ts';
import { onPath } from '../course/which.ts';

// The vendored Jenkins JUnit schema (see schemas/README.md) that --junit output is checked against.
export const JENKINS_JUNIT_XSD = path.join(packageRoot, 'harness/reporters/schemas/jenkins-junit.xsd');

// Why the schema checks cannot run here, or undefined when they can. Where xmllint is missing a developer's
// run skips them, saying so; CI installs it (.ci/run), so there they run, and fail without it.
export function junitSchemaUnavailable(): string | undefined {
  if (process.env.CI === 'true' || onPath('xmllint')) return undefined;
  return 'xmllint not found: apt-get install -y libxml2-utils to check --junit output against the Jenkins schema; CI does';
}

// Validates JUnit XML against the Jenkins schema with xmllint (libxml2-utils; .ci/run installs it).
// xmllint exits 0 when valid, 3 or 4 when not; anything else means it did not run.
export async function validateJunit(xml: string): Promise<{ valid: boolean; errors: string }> {
  const { execa } = await import('execa');
  const run = await execa('xmllint', ['--noout', '--schema', JENKINS_JUNIT_XSD, '-'], { input: xml, reject: false });
  if (run.exitCode !== 0 && run.exitCode !== 3 && run.exitCode !== 4) {
    throw new Error(`xmllint did not run (${run.exitCode ?? run.signal}): ${String(run.stderr || run.message).split('\n')[0]}; install libxml2-utils`);
  }
  return { valid: run.exitCode === 0, errors: String(run.stderr) };
}
