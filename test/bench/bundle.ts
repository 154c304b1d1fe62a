// The shipped bundle built again for analysis, with esbuild.mjs's options for dist/extension.js (production:
// minified, names kept, test seams off, undici apart). Optionally with some imports replaced by stubs: the bundle
// activation would load if those parts were loaded on first use instead.
import * as esbuild from 'esbuild';
import { repoRoot } from '../harness/codeServer';

/** `stubs`: `'src/extension.ts:./requests'` (importing file, a colon, the import as written) → the stub's source. */
export async function buildShipped(o: { outfile: string; write: boolean; stubs?: Record<string, string> }): Promise<esbuild.Metafile> {
  const stubs = o.stubs ?? {};
  const r = await esbuild.build({
    absWorkingDir: repoRoot, entryPoints: ['src/extension.ts'], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    keepNames: true, minify: true, write: o.write, metafile: true, outfile: o.outfile, external: ['vscode'],
    define: { __ZENDESK_TEST_SEAMS__: 'false' }, logLevel: 'silent',
    plugins: [{
      name: 'apart',
      setup: (b) => {
        b.onResolve({ filter: /^undici$/ }, () => ({ path: './undici.js', external: true }));
        b.onResolve({ filter: /.*/ }, (a) => {
          const key = Object.keys(stubs).find((k) => a.importer.endsWith(k.slice(0, k.lastIndexOf('.ts:') + 3)) && k.slice(k.lastIndexOf('.ts:') + 4) === a.path);
          return key ? { path: key, namespace: 'stub' } : undefined;
        });
        b.onLoad({ filter: /.*/, namespace: 'stub' }, (a) => ({ contents: stubs[a.path], loader: 'ts', resolveDir: repoRoot }));
      },
    }],
  });
  return r.metafile;
}

/** Bytes of the output by source folder (src/requests, src/auth, ...). */
export function bytesByFolder(meta: esbuild.Metafile): [string, number][] {
  const by = new Map<string, number>();
  for (const out of Object.values(meta.outputs)) {
    for (const [file, input] of Object.entries(out.inputs)) {
      const parts = file.split('/');
      const folder = parts[0] !== 'src' ? 'other' : parts.length > 2 ? `${parts[0]}/${parts[1]}` : 'src/*.ts';
      by.set(folder, (by.get(folder) ?? 0) + input.bytesInOutput);
    }
  }
  return [...by.entries()].sort((a, b) => b[1] - a[1]);
}
