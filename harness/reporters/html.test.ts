import type { Element, Nodes, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { describe, expect, test } from 'vitest';
import { assignmentAnchor, renderHtml } from './html.ts';
import { renderClassIndex } from './html-class-index.ts';
import { HOSTILE_BYTES, HOSTILE_TEXT, hostileResult } from './hostile-result.ts';
import { sampleResult } from './sample-result.ts';
import { visibleText } from './html/visible-text.ts';
import { setupFailureResult } from '../cli/setup-failure.ts';
import { byteMismatch } from '../bytes/byte-mismatch.ts';
import { assignmentResult, gradeResult } from '../grade/results.ts';

// The page as a browser's parser reads it (parse5), and every element in it.
function parse(html: string): { root: Root; elements: Element[] } {
  const root = fromHtml(html);
  const elements: Element[] = [];
  const walk = (node: Nodes): void => {
    if (node.type === 'element') elements.push(node);
    if ('children' in node) for (const child of node.children) walk(child);
    if (node.type === 'element' && node.content) walk(node.content);
  };
  walk(root);
  return { root, elements };
}

function textOf(node: Nodes): string {
  if (node.type === 'text') return node.value;
  return 'children' in node ? node.children.map(textOf).join('') : '';
}

function hasClass(element: Element, name: string): boolean {
  return Array.isArray(element.properties.className) && element.properties.className.includes(name);
}

const PAGE_TAGS = new Set(['html', 'head', 'body', 'meta', 'title', 'style', 'script', 'main', 'header', 'h1', 'h2', 'h4', 'h5', 'p', 'div', 'span', 'strong', 'code', 'pre', 'mark', 'a', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'details', 'summary', 'dl', 'dt', 'dd']);

describe('HTML report', () => {
  test('hostile text and bytes from the wire, the server and the spec stay text: no element, attribute or script of theirs', () => {
    const html = renderHtml(hostileResult(), { title: HOSTILE_TEXT });
    const { root, elements } = parse(html);
    expect([...new Set(elements.map((e) => e.tagName))].filter((tag) => !PAGE_TAGS.has(tag))).toEqual([]);
    expect(elements.filter((e) => Object.keys(e.properties).some((key) => /^on/i.test(key)))).toEqual([]);
    expect(elements.filter((e) => e.tagName === 'script')).toHaveLength(1);
    // No control character (NUL, ESC) or lone surrogate reaches the page; they are shown as symbols.
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(html).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    const text = textOf(root);
    expect(text).toContain('</script><script>window.pwned=1</script><svg onload="window.pwned=2">');
    expect(text).toContain('␀ ␛[31m \ufffd &amp; <b>bold</b>');
    // Wire bytes are shown escaped, invalid UTF-8 as \x escapes and in hex.
    expect(text).toContain('\\x80\\xc3(\\xff\\xfe\\x00');
    expect(text).toContain(HOSTILE_BYTES.subarray(0, 4).toString('hex').replace(/(..)(?!$)/g, '$1 '));
  });

  test('the page loads nothing: a CSP allows only its own script (by hash) and inline styles', () => {
    const { elements } = parse(renderHtml(sampleResult(), { title: 'x' }));
    const csp = elements.find((e) => e.tagName === 'meta' && String(e.properties.httpEquiv) === 'Content-Security-Policy');
    expect(String(csp?.properties.content)).toMatch(/^default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-[A-Za-z0-9+/]+=*'; base-uri 'none'; form-action 'none'$/);
    expect(elements.filter((e) => ['link', 'img', 'iframe', 'object'].includes(e.tagName) || (e.tagName === 'script' && e.properties.src !== undefined))).toEqual([]);
  });

  test('failures are open with their diagram, passes and skips folded; the table lists every test', () => {
    const { elements } = parse(renderHtml(hostileResult(), { title: 'student' }));
    const tests = elements.filter((e) => e.tagName === 'details' && hasClass(e, 'test'));
    expect(tests.map((e) => [e.properties.className, e.properties.open === true])).toEqual([
      [['test', 'failed'], true],
      [['test', 'passed'], false],
      [['test', 'skipped'], false],
    ]);
    const table = elements.find((e) => e.tagName === 'table' && hasClass(e, 'scores')) as Element;
    const rows = collect(table).filter((e) => e.tagName === 'tbody').flatMap((e) => e.children.filter((c): c is Element => c.type === 'element'));
    expect(rows).toHaveLength(3);
    expect(elements.filter((e) => hasClass(e, 'seq'))).toHaveLength(1);
  });

  test('the diagram: a lane per talking actor and the server, an arrow per event, the wrong reply marked, expected vs received', () => {
    const { elements } = parse(renderHtml(hostileResult(), { title: 'student' }));
    const seq = elements.find((e) => hasClass(e, 'seq')) as Element;
    const inSeq = collect(seq);
    const heads = inSeq.filter((e) => hasClass(e, 'box')).map(textOf);
    expect(heads).toEqual(['client 1', 'stdin', visibleText(`client ${HOSTILE_TEXT}`), expect.stringMatching(/^serverpython3 /)]);
    const messages = inSeq.filter((e) => hasClass(e, 'msg'));
    expect(messages.map((e) => [e.properties.dataKind, (e.properties.className as string[]).filter((c) => c !== 'msg')])).toEqual([
      ['connect', ['control']],
      ['send', ['data']],
      ['send', ['data']],
      ['reset', ['abort']],
      ['recv', ['reply', 'wrong']],
      ['eof', ['control']],
      ['error', ['abort']],
    ]);
    expect(inSeq.filter((e) => hasClass(e, 'note')).map((e) => e.properties.dataActor)).toEqual(['kernel', 'harness']);
    const fail = inSeq.find((e) => hasClass(e, 'fail')) as Element;
    expect(textOf(fail)).toContain('first difference at byte 6');
    expect(textOf(fail)).toMatch(/expected18 bytes"hello <b>world<\/b>"/);
    expect(textOf(fail)).toContain('received64 bytes"hello \\x80\\xc3(\\xff\\xfe\\x00<img src=x onerror=\\"" …(32 more)');
    expect(collect(fail).filter((e) => e.tagName === 'mark').length).toBeGreaterThan(0);
    expect(textOf(inSeq.find((e) => hasClass(e, 'end')) as Element)).toMatch(/^✗ exited with code 1 after 44ms/);
  });

  test('a long conversation draws its first and last events and where it went wrong, and every event behind a click', () => {
    const events = Array.from({ length: 101 }, (_, i) => ({ atMs: i, actor: 'client 1', kind: (i % 2 ? 'recv' : 'send') as 'send' | 'recv', bytes: Buffer.from('ab').toString('base64'), byteLength: 2 }));
    const test = { name: 't', status: 'failed' as const, score: 0, maxScore: 1, message: 'm', summary: 's', durationMs: 1, events, mismatch: byteMismatch('client 1', Buffer.from('ab'), Buffer.from('aX'), { streamOffset: 60 }) };
    const { elements } = parse(renderHtml(gradeResult([assignmentResult('tcp-echo', [test])]), { title: 'x' }));
    const [short, full] = elements.filter((e) => hasClass(e, 'seq'));
    expect(collect(short as Element).filter((e) => hasClass(e, 'msg'))).toHaveLength(40 + 5);
    expect(collect(short as Element).filter((e) => hasClass(e, 'gap')).map(textOf)).toEqual(['… 39 more events, not drawn here: see every event below …', '… 17 more events, not drawn here: see every event below …']);
    expect(collect(short as Element).find((e) => hasClass(e, 'wrong'))?.properties.dataKind).toBe('recv');
    expect(collect(full as Element).filter((e) => hasClass(e, 'msg'))).toHaveLength(101);
  });

  test('a run that could not grade (exit 2) says so at the top and shows the reason and build output', () => {
    const result = setupFailureResult({ stage: 'build', code: 'E_BUILD', reason: 'build failed: "make" exited with code 2', details: 'cc: error: <nosuch>.c' }, { maxScore: 13 });
    const { root, elements } = parse(renderHtml(result, { title: 'alice' }));
    expect(textOf(elements.find((e) => hasClass(e, 'banner')) as Element)).toBe('Grading could not run: build failed: "make" exited with code 2The score is 0. The details are below.');
    expect(textOf(root)).toContain('cc: error: <nosuch>.c');
    expect(elements.find((e) => e.tagName === 'details' && hasClass(e, 'failed'))?.properties.open).toBe(true);
  });
});

describe('class index', () => {
  test('one row per submission, one column per assignment, each cell linking into that submission’s report', () => {
    const alice = hostileResult();
    const html = renderClassIndex(
      [
        { submission: 'alice & <bob>', page: 'alice & <bob>.html', result: alice },
        { submission: 'carol', page: 'carol.html', error: 'sockgrade.json: not found' },
      ],
      { title: 'class' },
    );
    const { elements } = parse(html);
    const headings = elements.filter((e) => e.tagName === 'th').map(textOf);
    expect(headings).toEqual(['submission', visibleText(alice.assignments[0]?.name ?? ''), 'total', 'first failure']);
    const links = elements.filter((e) => e.tagName === 'a').map((e) => e.properties.href);
    expect(links).toEqual(['alice%20%26%20%3Cbob%3E.html', `alice%20%26%20%3Cbob%3E.html#${assignmentAnchor(alice.assignments[0]?.name ?? '')}`, 'alice%20%26%20%3Cbob%3E.html', 'carol.html']);
    expect(assignmentAnchor(alice.assignments[0]?.name ?? '')).toMatch(/^a-tcp-echo_[\w-]+$/);
    const rows = elements.filter((e) => e.tagName === 'tbody').flatMap((e) => e.children.filter((c): c is Element => c.type === 'element'));
    expect(rows.map((row) => row.children.filter((c): c is Element => c.type === 'element').map(textOf))).toEqual([
      ['alice & <bob>', '1/3 (1 failed)', '1/3', expect.stringContaining('client 1 expected 18 bytes back')],
      ['carol', '–', 'not graded', 'sockgrade.json: not found'],
    ]);
    expect(rows.map((row) => (row.children.filter((c): c is Element => c.type === 'element')[1] as Element).properties.dataSort)).toEqual(['0.3333', '-1']);
  });
});

// Every element under one element.
function collect(element: Element): Element[] {
  const out: Element[] = [];
  const walk = (node: Nodes): void => {
    if (node.type === 'element') out.push(node);
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(element);
  return out;
}
