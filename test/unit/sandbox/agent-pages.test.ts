/** `/agent/tickets/{id}` ("Open in Zendesk") answers a page, not an API error (agentPages.ts). */
import assert from 'node:assert/strict';
import { parse } from 'parse5';
import { FIXTURES } from '../../sandbox/index';
import { api, http, signIn, useSandbox } from '../../support/sandboxHttp';

interface Node {
  nodeName: string;
  childNodes?: Node[];
  value?: string;
}

function find(n: Node, name: string): Node | undefined {
  if (n.nodeName === name) return n;
  for (const c of n.childNodes ?? []) {
    const hit = find(c, name);
    if (hit) return hit;
  }
  return undefined;
}

const text = (n: Node | undefined): string =>
  n?.nodeName === '#text' ? (n.value ?? '') : (n?.childNodes ?? []).map(text).join('');

describe('sandbox: the agent workspace link', () => {
  const sb = useSandbox({ tickets: 10 });

  it('answers /agent/tickets/{id} with an HTML page naming the ticket; an unknown ticket is a 404 page', async () => {
    const token = (await signIn(sb(), FIXTURES.users.agent)).access_token;
    const subject = (await api(sb(), token, 'GET', '/api/v2/tickets/3')).json<{ ticket: { subject: string } }>().ticket
      .subject;
    const res = await http(`${sb().url}/agent/tickets/3`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(text(find(parse(res.text) as unknown as Node, 'h1')), `#3 ${subject}`);
    const missing = await http(`${sb().url}/agent/tickets/999`);
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-type'), 'text/html; charset=utf-8');
  });
});
