#!/usr/bin/env node
// Entry point. The TypeScript CLI is bundled in memory with esbuild (~50 ms) and imported from a
// data: URL: much faster than a loader hook on every module, and it writes no file anywhere.
import { build } from 'esbuild';

// Most runs grade something: start loading vitest's Node API while the CLI is bundled.
const vitestLoading = process.argv.length > 2 && !process.argv.includes('--help') ? import('vitest/node').catch(() => undefined) : undefined;

const entry = new URL('../harness/cli/main.ts', import.meta.url);
// paths.ts finds the package from its own URL; inside the bundle that URL must stay its real one.
const pathsUrl = new URL('../harness/paths.ts', import.meta.url).href;

let code;
try {
  const bundle = await build({
    entryPoints: [decodeURIComponent(entry.pathname)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    define: { 'import.meta.url': JSON.stringify(pathsUrl) },
    plugins: [
      {
        // Packages stay outside the bundle, imported by absolute URL (a data: module cannot resolve bare names).
        name: 'packages-by-url',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('node:') ? { external: true } : { path: import.meta.resolve(args.path), external: true },
          );
        },
      },
    ],
  });
  code = bundle.outputFiles[0].text;
} catch (err) {
  process.stderr.write(`sockgrade: internal error: cannot build the CLI: ${String(err.message).split('\n')[0]}\n`);
  process.exit(2);
}
const { main } = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
await vitestLoading;
const status = await main(process.argv.slice(2));
// Flush what was printed, then exit even if a stray handle would keep the loop alive.
process.stdout.write('', () => process.exit(status));
