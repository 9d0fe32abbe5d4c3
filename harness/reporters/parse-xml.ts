import { execa } from 'execa';

// A JUnit file as a strict XML parser (Python's expat) reads it: well-formedness errors throw.
export interface ParsedJunit {
  readonly suites: { tests: number; failures: number; skipped: number }[];
  readonly cases: { name: string; failure?: string; skipped: boolean; systemOut: string }[];
}

const READER = `
import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
suites = [{k: int(s.get(k, 0)) for k in ("tests", "failures", "skipped")} for s in root.iter("testsuite")]
cases = []
for c in root.iter("testcase"):
    f = c.find("failure")
    out = c.find("system-out")
    case = {"name": c.get("name"), "skipped": c.find("skipped") is not None, "systemOut": (out.text or "") if out is not None else ""}
    if f is not None: case["failure"] = f.get("message")
    cases.append(case)
print(json.dumps({"suites": suites, "cases": cases}))
`;

// Parses JUnit XML for the tests; python3 is what the bundled sample submissions already need.
export async function parseJunit(xml: string): Promise<ParsedJunit> {
  const { stdout } = await execa('python3', ['-c', READER], { input: xml });
  return JSON.parse(stdout) as ParsedJunit;
}
