import { execa } from 'execa';

// A JUnit file as a strict XML parser (Python's expat) reads it: well-formedness errors throw.
export interface ParsedJunit {
  readonly suites: { tests: number; failures: number; skipped: number; time?: string }[];
  readonly cases: {
    name: string;
    classname?: string;
    time?: string;
    // The failure element's body (the report), message attribute (one line) and type (the code).
    failure?: string;
    failureMessage?: string;
    failureType?: string;
    skipped: boolean;
    skippedText?: string;
    systemOut: string;
  }[];
}

const READER = `
import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
suites = [dict({k: int(s.get(k, 0)) for k in ("tests", "failures", "skipped")}, **({"time": s.get("time")} if s.get("time") is not None else {})) for s in root.iter("testsuite")]
cases = []
for c in root.iter("testcase"):
    f = c.find("failure")
    s = c.find("skipped")
    out = c.find("system-out")
    case = {"name": c.get("name"), "skipped": s is not None, "systemOut": (out.text or "") if out is not None else ""}
    for key in ("classname", "time"):
        if c.get(key) is not None: case[key] = c.get(key)
    if f is not None: case.update(failure=f.text or "", failureMessage=f.get("message"), failureType=f.get("type"))
    if s is not None: case["skippedText"] = s.text or ""
    cases.append(case)
print(json.dumps({"suites": suites, "cases": cases}))
`;

// Parses JUnit XML for the tests; python3 is what the bundled sample submissions already need.
export async function parseJunit(xml: string): Promise<ParsedJunit> {
  const { stdout } = await execa('python3', ['-c', READER], { input: xml });
  return JSON.parse(stdout) as ParsedJunit;
}
