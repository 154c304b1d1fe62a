// With a translation loaded, the pages the extension serves show it, and a translation is text, never markup: the
// loopback callback page and the ticket page escape translated strings like any other value.
import * as assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import { parse } from 'parse5';
import { renderCallbackPage } from '../../../src/auth/redirect/callbackPage';
import { pageState } from '../tickets/pageHtml';
import { renderDetailPage } from '../../../src/tickets/detail/detailPage';
import { StatusVocabulary } from '../../../src/tickets/statuses';
import { describeError } from '../../../src/ui/errorText';
import { NetworkError } from '../../../src/zendesk/errors';

interface Node5 { nodeName: string; tagName?: string; attrs?: { name: string; value: string }[]; childNodes?: Node5[]; content?: Node5; value?: string }
function walk(html: string): Node5[] {
  const out: Node5[] = [];
  const visit = (n: Node5) => { out.push(n); for (const c of [...(n.childNodes ?? []), ...(n.content?.childNodes ?? [])]) visit(c); };
  visit(parse(html) as unknown as Node5);
  return out;
}
const tags = (html: string) => walk(html).filter((n) => n.tagName).map((n) => n.tagName as string);
const texts = (html: string) => walk(html).filter((n) => n.nodeName === '#text').map((n) => n.value ?? '').join(' ');
const attr = (html: string, name: string) => walk(html).flatMap((n) => n.attrs ?? []).filter((a) => a.name === name).map((a) => a.value);

const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const BUNDLE = {
  'Signed in to Zendesk': `Angemeldet bei Zendesk ${HOSTILE}`,
  'You can close this tab and return to {0}.': `Sie können diesen Tab schließen und zu {0} zurückkehren. ${HOSTILE}`,
  'Return to {0}': `Zurück zu {0} ${HOSTILE}`,
  'Refresh': `Neu laden ${HOSTILE}`,
  'Load the ticket again': `Ticket neu laden" onmouseover="alert(3)`,
  'Open': 'Offen',
  'Submit as {0}': `Senden als {0} ${HOSTILE}`,
  'Wait until the files are uploaded, then submit.': 'Warten Sie, bis die Dateien hochgeladen sind.',
  'Could not reach Zendesk. Check your connection and try again; your session is kept.': 'Zendesk ist nicht erreichbar.',
};

const VIEW = {
  id: 42, subject: 'Printer', status: 'open' as const, customStatusId: null, statusKey: 'open', statusLabel: 'Open', priority: 'high' as const, type: 'incident', requester: 'Eve', assignee: 'Unassigned', assigneeId: null,
  groupId: null, group: 'Support', tags: [], created: '2024-01-01 10:00 UTC', updated: '2024-01-02 10:00 UTC', updatedStamp: '2024-01-02T10:00:00Z',
  agentUrl: 'https://acme.zendesk.com/agent/tickets/42', imageOrigins: [], comments: [], hasEarlier: false,
};
const ASSETS = { cspSource: 'https://webview.example', nonce: 'n0nce', scriptUri: 'https://webview.example/detail.js', pageScriptUri: 'https://webview.example/detailPage.js', styleUri: 'https://webview.example/detail.css' };

describe('pages and messages with a translation loaded', () => {
  before(() => l10n.config({ contents: BUNDLE }));
  after(() => l10n.config({ contents: {} }));

  it('the plain-Node modules read the bundle the extension configures', () => {
    assert.equal(describeError(new NetworkError('reset')).text, 'Zendesk ist nicht erreichbar.');
  });

  it('the loopback callback page shows the translation as text: no element or handler comes from it', () => {
    const page = renderCallbackPage({ ok: true }, { appName: 'VS Code', returnUri: 'vscode://zendesk-vscode.zendesk-vscode/' });
    assert.match(texts(page), /Angemeldet bei Zendesk <img src=x onerror=alert\(1\)><script>alert\(2\)<\/script>/);
    assert.match(texts(page), /Sie können diesen Tab schließen und zu VS Code zurückkehren\./);
    assert.match(texts(page), /Zurück zu VS Code/);
    assert.deepEqual(tags(page).filter((t) => t === 'img' || t === 'script'), []);
  });

  it('the ticket page shows the translation as text, and hands the script its words as data', () => {
    const page = renderDetailPage(pageState({ accountId: 'acme/1', view: VIEW, statuses: StatusVocabulary.system(), meId: 7 }), ASSETS);
    assert.match(texts(page), /Neu laden <img src=x onerror=alert\(1\)>/);
    assert.match(texts(page), /Senden als Offen/);
    assert.deepEqual(tags(page).filter((t) => t === 'img'), []);
    assert.deepEqual(tags(page).filter((t) => t === 'script'), ['script', 'script'], "only the page's own scripts");
    assert.deepEqual(attr(page, 'onmouseover'), [], 'a translation broke out of an attribute');
    assert.ok(attr(page, 'title').includes('Ticket neu laden" onmouseover="alert(3)'));
    const words = JSON.parse(attr(page, 'data-l10n')[0] ?? '{}') as { waitForUploads: string };
    assert.equal(words.waitForUploads, 'Warten Sie, bis die Dateien hochgeladen sind.');
  });
});
