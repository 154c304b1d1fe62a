// Loaded by the extension host (extensionTestsPath) in a test build: signs in to a sandbox in its own process,
// loads 10,000 tickets of one view into the Tickets tree through its provider and "Load more" (25 a page, as a
// user would), asking after each page for the branch's children and all their tree items as VS Code does for an
// expanded branch, and writes the extension host's memory before and after (forced GC) to
// ZD_BENCH_OUT. Run by test/bench/treeHost.bench.ts; not a test.
import fs from 'node:fs';
import path from 'node:path';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import type { TicketNode } from '../../../src/tickets/ticketTree';
import { FIXTURES } from '../../sandbox/fixtures';
import { ScriptedBrowser, setSetting, testing, until } from '../../integration/helpers';
import { startSandboxProcess } from '../sandboxProcess';

const LOADED = 10_000;
const VIEW = 'Recently updated tickets';

function memory(gc: () => void): { heapMb: number; rssMb: number; spaces: Record<string, number> } {
  gc();
  gc();
  const m = process.memoryUsage();
  // What V8 holds per space (committed, used or not): where RSS beyond the live heap sits.
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics().map((x) => [x.space_name, Math.round((x.space_size / 1024 / 1024) * 10) / 10]),
  );
  return { heapMb: (m.heapUsed + m.arrayBuffers) / 1024 / 1024, rssMb: m.rss / 1024 / 1024, spaces };
}

/**
 * The memory once the extension host has been idle a while, as while a user reads the loaded tree: V8 grows its
 * young generation under allocation (64 to 128 MB here, whatever allocates) and its memory reducer gives it back
 * some seconds after the work stops. Waits for that (at most 20 s), then measures.
 */
async function settledMemory(gc: () => void): Promise<ReturnType<typeof memory> & { waitedMs: number }> {
  const started = performance.now();
  const young = () =>
    (getHeapSpaceStatistics().find((x) => x.space_name === 'new_space')?.space_size ?? 0) / 1024 / 1024;
  while (young() > 16 && performance.now() - started < 20_000) await new Promise((r) => setTimeout(r, 250));
  return { ...memory(gc), waitedMs: Math.round(performance.now() - started) };
}

export async function run(): Promise<void> {
  const out = process.env.ZD_BENCH_OUT ?? '';
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const sb = await startSandboxProcess({ tickets: 20_000, cli: path.join(__dirname, '..', '..', 'sandbox', 'cli.js') });
  try {
    const loopback = (await vscode.env.asExternalUri(vscode.Uri.parse('http://127.0.0.1:48127/callback'))).toString(
      true,
    );
    await sb.control('redirect-uris', { client: FIXTURES.publicClient.identifier, uri: loopback });
    await setSetting('accounts', [
      {
        subdomain: 'sandbox',
        clientId: FIXTURES.publicClient.identifier,
        clientKind: 'public',
        scopes: ['read'],
        baseUrl: sb.url,
      },
    ]);
    const t = await testing();
    t.ui.openExternal = new ScriptedBrowser().open;
    await t.provider.createSession(['read'], {});
    await until(() => t.accounts.all().length === 1);
    const tree = t.tickets.provider;
    const view = (await tree.getChildren()).find((n) => n.kind === 'view' && n.view.title === VIEW);
    if (!view) throw new Error(`no view "${VIEW}"`);

    // Right after sign-in, as the bench always measured it; then once V8 has given back what sign-in took.
    const before = memory(gc);
    const beforeSettled = await settledMemory(gc);
    const started = performance.now();
    // What VS Code does with an expanded branch each time the provider says it changed: the branch's children, and
    // the tree item of every one of them (not only the rows on screen).
    const redraw = async (): Promise<{ children: TicketNode[]; items: vscode.TreeItem[] }> => {
      const children = await tree.getChildren(view);
      return { children, items: children.map((n) => tree.getTreeItem(n)) };
    };
    let shown = await redraw();
    for (;;) {
      const more = shown.children.at(-1);
      if (shown.children.length > LOADED || more?.kind !== 'more') break;
      await vscode.commands.executeCommand('zendesk.loadMoreTickets', more);
      shown = await redraw();
    }
    const loadMs = performance.now() - started;
    const { children, items } = shown;
    const after = memory(gc);
    const afterSettled = await settledMemory(gc);
    // Read after both measurements, so the tree's nodes and items are certainly alive during them.
    const tickets = children.filter((n) => n.kind === 'ticket').length;
    fs.writeFileSync(
      out,
      JSON.stringify({ tickets, items: items.length, loadMs, before, after, beforeSettled, afterSettled }),
    );
    await setSetting('accounts', undefined);
  } finally {
    await sb.close();
  }
}
