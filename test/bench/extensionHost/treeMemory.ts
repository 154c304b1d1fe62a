// Loaded by the extension host (extensionTestsPath) in a test build: signs in to a sandbox in its own process,
// loads 10,000 tickets of one view into the Tickets tree through its provider and "Load more" (25 a page, as a
// user would), makes the tree items, and writes the extension host's memory before and after (forced GC) to
// ZD_BENCH_OUT. Run by test/bench/treeHost.bench.ts; not a test.
import fs from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import type { TicketNode } from '../../../src/tickets/ticketTree';
import { FIXTURES } from '../../sandbox/fixtures';
import { ScriptedBrowser, setSetting, testing, until } from '../../integration/helpers';
import { startSandboxProcess } from '../sandboxProcess';

const LOADED = 10_000;
const VIEW = 'Recently updated tickets';

function memory(gc: () => void): { heapMb: number; rssMb: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heapMb: (m.heapUsed + m.arrayBuffers) / 1024 / 1024, rssMb: m.rss / 1024 / 1024 };
}

export async function run(): Promise<void> {
  const out = process.env.ZD_BENCH_OUT ?? '';
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const sb = await startSandboxProcess({ tickets: 20_000, cli: path.join(__dirname, '..', '..', 'sandbox', 'cli.js') });
  try {
    const loopback = (await vscode.env.asExternalUri(vscode.Uri.parse('http://127.0.0.1:48127/callback'))).toString(true);
    await sb.control('redirect-uris', { client: FIXTURES.publicClient.identifier, uri: loopback });
    await setSetting('accounts', [{ subdomain: 'sandbox', clientId: FIXTURES.publicClient.identifier, clientKind: 'public', scopes: ['read'], baseUrl: sb.url }]);
    const t = await testing();
    t.seams.openExternal = new ScriptedBrowser().open;
    await t.provider.createSession(['read'], {});
    await until(() => t.accounts.all().length === 1);
    const tree = t.tickets.provider;
    const view = (await tree.getChildren()).find((n) => n.kind === 'view' && n.view.title === VIEW);
    if (!view) throw new Error(`no view "${VIEW}"`);

    const before = memory(gc);
    const started = performance.now();
    let children: TicketNode[] = await tree.getChildren(view);
    for (;;) {
      const tickets = children.filter((n) => n.kind === 'ticket').length;
      const more = children.find((n) => n.kind === 'more');
      if (tickets >= LOADED || !more) break;
      await vscode.commands.executeCommand('zendesk.loadMoreTickets', more);
      children = await tree.getChildren(view);
    }
    const loadMs = performance.now() - started;
    // What VS Code asks for each row it shows: the tree item. All of them, as if every row had been shown.
    const items = children.map((n) => tree.getTreeItem(n));
    const after = memory(gc);
    const tickets = children.filter((n) => n.kind === 'ticket').length;
    fs.writeFileSync(out, JSON.stringify({ tickets, items: items.length, loadMs, before, after }));
    await setSetting('accounts', undefined);
  } finally {
    await sb.close();
  }
}
