import { createHash } from 'node:crypto';
import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { STYLES } from './styles.ts';
import { SORT_SCRIPT } from './sort-script.ts';

// The page may load nothing (no network, no other file) and run no script but its own: even if some
// text escaped its escaping, the browser would refuse to run or fetch anything it adds.
const CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  `script-src 'sha256-${createHash('sha256').update(SORT_SCRIPT).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// A whole self-contained HTML page around `body`; hast-util-to-html escapes every text and attribute.
export function htmlPage(title: string, body: ElementContent[]): string {
  const tree = h(null, [
    { type: 'doctype' },
    h('html', { lang: 'en' }, [
      h('head', [
        h('meta', { charSet: 'utf-8' }),
        h('meta', { httpEquiv: 'Content-Security-Policy', content: CSP }),
        h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
        h('title', title),
        h('style', STYLES),
      ]),
      h('body', [h('main', body), h('script', SORT_SCRIPT)]),
    ]),
  ]);
  return `${toHtml(tree)}\n`;
}
