// Builds the extension's bundles (dist/) and, with --tests, one bundle per test file (out/).
//   node esbuild.mjs                 development build of the extension
//   node esbuild.mjs --production    minified, with source maps (what `npm run package` ships)
//   node esbuild.mjs --metafile=FILE also writes esbuild's metafile of the shipped bundles to FILE (the unit tests
//                                    read which sources each bundle holds)
//   node esbuild.mjs --watch         rebuild on change, with problem-matcher output
//   node esbuild.mjs --tests         also the unit, integration, e2e and sandbox bundles, and the test build of the
//                                    extension staged in out (see stageTestExtension)
//   node esbuild.mjs --only=sandbox  only the sandbox's command line
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const production = args.includes('--production');
const watch = args.includes('--watch');
const tests = args.includes('--tests') || watch;
const only = args.find((a) => a.startsWith('--only='))?.slice(7);
const metafile = args.find((a) => a.startsWith('--metafile='))?.slice(11);

/** Prints errors in the shape of the `$esbuild-watch` problem matcher. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Error classes set `name` from the class; minified names would leak into messages and checks.
  keepNames: true,
  logLevel: watch ? 'silent' : 'warning',
  plugins: watch ? [problemMatcher] : [],
};

function files(dir, suffix) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => f.endsWith(suffix));
}

/**
 * undici goes into its own file, dist/undici.js, which the extension requires on its first HTTP request:
 * activation then neither loads nor parses it.
 */
const undiciApart = {
  name: 'undici-apart',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: './undici.js', external: true }));
  },
};

/**
 * Two bundles: dist/extension.js, what VS Code loads at activation (src/extension.ts: registrations only), and
 * dist/main.js, the implementation (src/main.ts: every service and all state), which the first requires on first
 * use. The import of ./main from the activation code stays a require of the other file, never a second copy.
 */
const implementationApart = {
  name: 'implementation-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/main$/ }, (a) =>
      a.importer.endsWith(path.join('src', 'extension.ts')) ? { path: './main.js', external: true } : undefined,
    );
  },
};

/**
 * The MCP server (and the MCP SDK) in its own file, dist/zendesk-mcp.js, which the token helper requires only for
 * `zendesk-token mcp`: printing a token neither loads nor parses it.
 */
const mcpApart = {
  name: 'mcp-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/mcpServer$/ }, (a) =>
      a.importer.endsWith(path.join('src', 'lend', 'helperMain.ts'))
        ? { path: './zendesk-mcp.js', external: true }
        : undefined,
    );
  },
};

/**
 * The extension's bundles into `outDir`: the activation bundle, the implementation from `implementation` (src/main.ts;
 * the test build's entry for the staged test extension), undici, and the ticket page's script.
 */
function extensionBuilds(outDir, implementation) {
  const shipped = {
    ...common,
    minify: production,
    sourcemap: production ? true : 'linked',
    sourcesContent: false,
    metafile: !!metafile,
    external: ['vscode'],
  };
  return [
    {
      ...shipped,
      entryPoints: ['src/extension.ts'],
      outfile: `${outDir}/extension.js`,
      plugins: [...common.plugins, implementationApart],
    },
    {
      ...shipped,
      entryPoints: [implementation],
      outfile: `${outDir}/main.js`,
      plugins: [...common.plugins, undiciApart],
    },
    { ...shipped, entryPoints: { undici: 'undici' }, outdir: outDir, external: [] },
    // The terminals' token helper (bin/zendesk-token runs it with VS Code's own Node).
    {
      ...shipped,
      entryPoints: ['src/lend/helperMain.ts'],
      outfile: `${outDir}/zendesk-token.js`,
      plugins: [...common.plugins, undiciApart, mcpApart],
    },
    // `zendesk-token mcp`: the MCP server, apart from the helper (mcpApart).
    {
      ...shipped,
      entryPoints: ['src/lend/mcpServer.ts'],
      outfile: `${outDir}/zendesk-mcp.js`,
      plugins: [...common.plugins, undiciApart],
    },
    // The ticket page's own script, with DOMPurify, for the webview (a browser, not Node): no map ships with it.
    {
      ...common,
      platform: 'browser',
      format: 'iife',
      target: 'chrome120',
      minify: production,
      sourcemap: production ? false : 'inline',
      metafile: !!metafile,
      entryPoints: ['src/tickets/detail/page/main.ts'],
      outfile: `${outDir}/webview/detailPage.js`,
    },
  ];
}

/**
 * The test build of the extension, the one the integration tests load: out, a copy of the manifest and of
 * what the extension reads from its folder, with its own dist/ whose main.js is test/harness/testMain.ts (the test
 * composition root: src/main.ts's `start` with dialogs and clock the tests answer). dist/ at the root, what ships and
 * what e2e and the tour load, never holds test code.
 */
// out/ itself, not a folder beside the tests: VS Code gives a file the `vscode` API object of the extension whose
// folder holds it, and the integration tests must share the extension's (a test replaces getConfiguration).
const TEST_EXTENSION = 'out';
function stageTestExtension() {
  fs.mkdirSync(TEST_EXTENSION, { recursive: true });
  for (const f of ['package.json', 'LICENSE', ...fs.readdirSync('.').filter((n) => /^package\.nls.*\.json$/.test(n))]) {
    fs.cpSync(f, path.join(TEST_EXTENSION, f));
  }
  for (const d of ['media', 'syntaxes', 'l10n', 'bin']) fs.cpSync(d, path.join(TEST_EXTENSION, d), { recursive: true });
}

const builds = [];
if (!only) builds.push(...extensionBuilds('dist', 'src/main.ts'));
if (tests && !only) builds.push(...extensionBuilds(`${TEST_EXTENSION}/dist`, 'test/harness/testMain.ts'));
if (tests || only === 'sandbox') {
  const testCommon = {
    ...common,
    sourcemap: 'inline',
    external: ['vscode', 'mocha', 'playwright-core', 'esbuild'],
    outbase: '.',
    outdir: 'out',
  };
  builds.push({ ...testCommon, entryPoints: ['test/sandbox/cli.ts'].filter((f) => fs.existsSync(f)) });
  if (only !== 'sandbox') {
    builds.push({
      ...testCommon,
      entryPoints: [
        ...['test/unit', 'test/integration', 'test/e2e'].flatMap((d) => [
          ...files(d, '.test.ts'),
          ...files(d, 'index.ts').filter((f) => path.dirname(f) === d),
        ]),
        'test/harness/runIntegration.ts',
        ...files('test/bench', '.ts'),
        ...files('scripts', '.ts'),
      ],
    });
    // The tiny extension that asks for a Zendesk session (test/fixtures/session-consumer).
    const consumer = 'test/fixtures/session-consumer/extension.ts';
    if (fs.existsSync(consumer))
      builds.push({
        ...common,
        entryPoints: [consumer],
        outfile: 'test/fixtures/session-consumer/dist/extension.js',
        external: ['vscode'],
      });
  }
}

// The typings other extensions copy to use the exported API (package.json "types").
function copyApiTypings() {
  if (only) return;
  fs.mkdirSync('dist', { recursive: true });
  fs.copyFileSync('src/api/zendesk-vscode.d.ts', 'dist/zendesk-vscode.d.ts');
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  if (tests && !only) stageTestExtension();
} else {
  if (!only && !tests) fs.rmSync('dist', { recursive: true, force: true });
  if (tests || only) fs.rmSync('out', { recursive: true, force: true });
  const results = await Promise.all(
    builds.filter((b) => Object.keys(b.entryPoints).length).map((b) => esbuild.build(b)),
  );
  copyApiTypings();
  if (tests && !only) stageTestExtension();
  if (metafile) {
    const outputs = Object.assign({}, ...results.map((r) => r.metafile?.outputs ?? {}));
    const inputs = Object.assign({}, ...results.map((r) => r.metafile?.inputs ?? {}));
    fs.writeFileSync(metafile, JSON.stringify({ inputs, outputs }));
  }
}
