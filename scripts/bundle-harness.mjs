// Part of `npm run build`: the harness that specs import as 'sockgrade', bundled once into one ES module
// (dist/sockgrade.js), dependencies included. Every graded spec file loads it in a fresh vitest worker,
// and Node loads one file far faster than the ~220 modules of dist/index.js and execa (measured in the
// commit that added this). vitest and vite stay outside: a spec must share the vitest that runs it.
// The source map points at harness/*.ts, so a stack trace names the real file and line.
import { build } from 'esbuild';

await build({
  entryPoints: ['harness/index.ts'],
  outfile: 'dist/sockgrade.js',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: true,
  external: ['vitest', 'vitest/*', 'vite'],
  // Bundled CommonJS dependencies (cross-spawn under execa) call require(): give the module one.
  banner: { js: "import { createRequire as __sockgradeRequire } from 'node:module'; const require = __sockgradeRequire(import.meta.url);" },
  logLevel: 'warning',
});
