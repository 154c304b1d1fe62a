// The client's own work per page, without the network: ZendeskClient and its page iterator over an in-process
// transport that answers a canned page of 100 tickets at once. Against JSON.parse of the same page, this is what
// the extension adds per page, free of the loopback and of the load on this machine.
import { ticketPages } from '../../src/zendesk/api';
import { ZendeskClient } from '../../src/zendesk/http';
import type { HttpResponse, HttpTransport } from '../../src/zendesk/transport';

const PAGES = 100;

/** A page as the sandbox answers it (about 1 KB a ticket), its cursor numbered so the iterator walks on. */
function cannedPage(n: number, json: string): HttpResponse {
  return {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-rate-limit': '700',
      'x-rate-limit-remaining': '699',
      'ratelimit-limit': '700',
      'ratelimit-remaining': '699',
      'ratelimit-reset': '60',
    },
    body: json
      .replace('"after_cursor":"c"', `"after_cursor":"c${n}"`)
      .replace('"has_more":true', `"has_more":${n < PAGES}`)
      .replace('page[after]=c', `page[after]=c${n}`),
  };
}

function cannedTickets(base: string): string {
  const tickets = Array.from({ length: 100 }, (_, i) => ({
    id: i + 1,
    url: `${base}/api/v2/tickets/${i + 1}.json`,
    subject: `Printer on floor ${i} is out of paper again`,
    description: 'Lorem ipsum dolor sit amet. '.repeat(30),
    status: 'open',
    priority: 'normal',
    type: 'question',
    requester_id: 1000100 + i,
    assignee_id: 1000002,
    tags: ['printer', 'floor'],
    created_at: '2024-03-01T10:00:00Z',
    updated_at: '2024-03-02T10:00:00Z',
  }));
  return JSON.stringify({
    tickets,
    meta: { has_more: true, after_cursor: 'c', before_cursor: 'b' },
    links: { next: `${base}/api/v2/tickets.json?page[after]=c&page[size]=100`, prev: null },
  });
}

/** CPU milliseconds for 100 pages: [JSON.parse alone, the client through ticketPages]. */
export async function clientLogicCpu(): Promise<[number, number]> {
  const base = 'http://127.0.0.1:9';
  const json = cannedTickets(base);
  let served = 0;
  const transport: HttpTransport = { send: async () => cannedPage(++served, json) };
  const client = new ZendeskClient({ baseUrl: base, transport, tokens: { getAccessToken: async () => 'token' } });
  const cpu = async (f: () => Promise<void>): Promise<number> => {
    served = 0;
    const c0 = process.cpuUsage();
    await f();
    const u = process.cpuUsage(c0);
    return (u.user + u.system) / 1000;
  };
  const parseOnly = () =>
    cpu(async () => {
      for (let i = 1; i <= PAGES; i++) JSON.parse((await transport.send({ method: 'GET', url: base })).body);
    });
  const paged = () =>
    cpu(async () => {
      let n = 0;
      for await (const page of ticketPages(client, { pageSize: 100 })) for (const t of page.tickets) if (t.id) n++;
      if (n !== PAGES * 100) throw new Error(`the pages gave ${n} tickets`);
    });
  return [await parseOnly(), await paged()];
}
