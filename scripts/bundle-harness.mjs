// Part of `npm run build`: the three entry points of the harness, each bundled once (not at every start)
// into one ES module with its dependencies: dist/sockgrade.js, what specs import as 'sockgrade' (every
// spec file loads it in a fresh vitest worker); dist/cli.js, what bin/sockgrade.js runs; dist/spawner.js,
// the process that starts a grading run's servers. Node loads one file far faster than the ~220 modules
// of the tsc output and execa (measured in the commits that added them). vitest and vite stay outside: a
// spec must share the vitest that runs it. Source maps point at harness/*.ts, so a stack trace names the
// real file and line. They never share a thread, so each may hold its own copy of a module's state.
import { build } from 'esbuild';

await build({
  entryPoints: { sockgrade: 'harness/index.ts', cli: 'harness/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: true,
  external: ['vitest', 'vitest/*', 'vite'],
  // Bundled CommonJS dependencies (cross-spawn under execa) call require(): give each module one.
  banner: { js: "import { createRequire as __sockgradeRequire } from 'node:module'; const require = __sockgradeRequire(import.meta.url);" },
  logLevel: 'warning',
});

// The spawner is a program (harness/launch/spawner-process.ts exports it, so importing that module
// starts nothing): a few lines of entry, bundled with what it uses, that run it only when Node runs this
// file, not when something imports it.
// (Node names the main module by its real path: the package may be reached through a symlink.)
const SPAWNER_ENTRY = `import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { runSpawner } from './harness/launch/spawner-process.ts';
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) runSpawner(process.argv[2], process.argv[3]);
`;
await build({
  stdin: { contents: SPAWNER_ENTRY, resolveDir: '.', sourcefile: 'spawner-entry.ts', loader: 'ts' },
  outfile: 'dist/spawner.js',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: true,
  logLevel: 'warning',
});
