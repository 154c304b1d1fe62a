// What leaves the editor or stays behind: Copy as cURL (never a token), the history (never a body or a token),
// and the response tab's text (status, time, size, headers with the rate limit called out, formatted body).
import * as assert from 'node:assert/strict';
import { toCurl } from '../../../src/requests/curl';
import { historyPath, RequestHistory, HISTORY_KEY, type HistoryStorage } from '../../../src/requests/history';
import { formatAllPages, formatResponse, responseTitle } from '../../../src/requests/responseText';
import { ENDPOINTS, isCursorPaginated, matchEndpoint } from '../../../src/requests/endpoints';

class MapStorage implements HistoryStorage {
  readonly map = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.map.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.map.set(key, JSON.parse(JSON.stringify(value)));
  }
}

describe('Copy as cURL', () => {
  it('reads the token from $ZENDESK_TOKEN and drops any Authorization header it is handed', () => {
    const curl = toCurl({
      method: 'POST',
      url: 'https://acme.zendesk.com/api/v2/tickets.json',
      headers: { Authorization: 'Bearer s3cr3t-token', 'X-Note': "it's" },
      body: '{"ticket": {"subject": "a \'quote\'"}}',
    });
    assert.ok(!curl.includes('s3cr3t-token'), curl);
    assert.equal((curl.match(/Authorization/g) ?? []).length, 1);
    assert.equal(
      curl,
      `curl -X POST 'https://acme.zendesk.com/api/v2/tickets.json' -H "Authorization: Bearer $ZENDESK_TOKEN" -H 'Accept: application/json' -H 'X-Note: it'\\''s' -H 'Content-Type: application/json' --data-raw '{"ticket": {"subject": "a '\\''quote'\\''"}}'`,
    );
  });

  it('drops an Authorization header written in any case, whatever it holds', () => {
    for (const name of ['authorization', 'AUTHORIZATION', 'AuThOrIzAtIoN']) {
      const curl = toCurl({
        method: 'GET',
        url: 'https://acme.zendesk.com/api/v2/tickets.json',
        headers: { [name]: 'Basic c2VjcmV0LXZhbHVl', Accept: 'application/json' },
      });
      assert.ok(!curl.includes('c2VjcmV0LXZhbHVl'), curl);
      assert.equal(
        curl,
        `curl 'https://acme.zendesk.com/api/v2/tickets.json' -H "Authorization: Bearer $ZENDESK_TOKEN" -H 'Accept: application/json'`,
        name,
      );
    }
  });

  it('writes a GET without -X and without a body', () => {
    assert.equal(
      toCurl({ method: 'GET', url: 'https://acme.zendesk.com/api/v2/tickets.json?page[size]=2', headers: {} }),
      `curl 'https://acme.zendesk.com/api/v2/tickets.json?page[size]=2' -H "Authorization: Bearer $ZENDESK_TOKEN" -H 'Accept: application/json'`,
    );
  });
});

describe('the request history', () => {
  it('keeps the last 50, newest first, with method, path, account, status and time only', async () => {
    const storage = new MapStorage();
    const h = new RequestHistory(storage);
    for (let i = 1; i <= 55; i++) {
      await h.add({
        method: 'GET',
        url: `https://acme.zendesk.com/api/v2/tickets/${i}.json`,
        accountId: 'acme/7',
        status: 200,
        ms: i,
        at: i,
      });
    }
    const entries = h.entries();
    assert.equal(entries.length, 50);
    assert.deepEqual(entries[0], {
      method: 'GET',
      path: '/api/v2/tickets/55.json',
      accountId: 'acme/7',
      status: 200,
      ms: 55,
      at: 55,
    });
    assert.equal(entries[49].path, '/api/v2/tickets/6.json');
    assert.deepEqual([...storage.map.keys()], [HISTORY_KEY]);
  });

  it('keeps no host and ignores what is not an entry', async () => {
    assert.equal(
      historyPath('https://acme.zendesk.com/api/v2/search.json?query=status%3Aopen'),
      '/api/v2/search.json?query=status%3Aopen',
    );
    const storage = new MapStorage();
    storage.map.set(HISTORY_KEY, [{ junk: true }, { method: 'GET', path: '/x', accountId: 'a/1', at: 1 }]);
    assert.deepEqual(
      new RequestHistory(storage).entries().map((e) => e.path),
      ['/x'],
    );
  });
});

describe('the response tab text', () => {
  const res = {
    status: 200,
    ms: 123,
    size: 2048,
    url: 'https://acme.zendesk.com/api/v2/tickets.json?page[size]=1',
    headers: {
      'content-type': 'application/json',
      'x-rate-limit': '700',
      'x-rate-limit-remaining': '699',
      'ratelimit-reset': '41',
      'zendesk-ratelimit-tickets-index': 'total=100; remaining=99; resets=41',
    },
    body: '{"tickets":[{"id":1}]}',
  };

  it('is titled method, path, status and time', () => {
    assert.equal(responseTitle('GET', res.url, 200, 123), 'GET /api/v2/tickets.json · 200 · 123 ms');
  });

  it('shows status, time, size, account and the rate limit above the headers and the formatted body', () => {
    const text = formatResponse({ method: 'GET', url: res.url, accountLabel: 'Ann (acme)' }, res);
    const lines = text.split('\n');
    assert.equal(lines[0], '// GET /api/v2/tickets.json?page[size]=1 · 200 OK · 123 ms · 2.0 kB');
    assert.equal(lines[1], '// Account: Ann (acme) · https://acme.zendesk.com');
    assert.equal(lines[2], '// Rate limit: 699 of 700 requests left this minute; resets in 41 s');
    assert.equal(lines[3], '// Rate limit (tickets-index): total=100; remaining=99; resets=41');
    assert.equal(lines[4], '// #region Response headers (5)');
    assert.ok(lines.includes('// content-type: application/json'));
    assert.ok(text.endsWith('{\n  "tickets": [\n    {\n      "id": 1\n    }\n  ]\n}\n'), text);
  });

  it("shows a 429's Retry-After and a text body as it came", () => {
    const text = formatResponse(
      { method: 'GET', url: res.url, accountLabel: 'Ann (acme)' },
      {
        ...res,
        status: 429,
        headers: { 'retry-after': '30' },
        body: 'Number of allowed API requests per minute exceeded',
      },
    );
    assert.match(text, /^\/\/ GET .* · 429 Too Many Requests · /);
    assert.match(text, /\n\/\/ Retry-After: 30 s\n/);
    assert.ok(text.endsWith('Number of allowed API requests per minute exceeded\n'));
  });

  it('for all pages, says how many, why it stopped, and shows the gathered arrays', () => {
    const text = formatAllPages(
      { method: 'GET', url: res.url, accountLabel: 'Ann (acme)' },
      {
        pages: 2,
        gathered: { tickets: [{ id: 1 }, { id: 2 }] },
        stop: 'cap',
        reason: 'Stopped at the cap of 2 pages.',
        last: res,
        ms: 10,
        size: 100,
      },
    );
    assert.match(
      text,
      /^\/\/ GET \/api\/v2\/tickets\.json\?page\[size\]=1 · all pages · 2 pages · 2 tickets · 10 ms · 100 B\n\/\/ Stopped at the cap of 2 pages\.\n/,
    );
    assert.deepEqual(JSON.parse(text.slice(text.indexOf('{'))), { tickets: [{ id: 1 }, { id: 2 }] });
  });
});

describe('the endpoint table', () => {
  it('matches concrete paths to templates, fixed segments first, and knows which lists page by cursor', () => {
    assert.equal(matchEndpoint('GET', '/api/v2/tickets/count.json')?.summary, 'Count tickets (approximate)');
    assert.equal(matchEndpoint('GET', '/api/v2/tickets/35')?.path, '/api/v2/tickets/{ticket_id}.json');
    assert.equal(
      matchEndpoint('GET', 'https://acme.zendesk.com/api/v2/views/7/tickets.json?page[size]=5')?.path,
      '/api/v2/views/{view_id}/tickets.json',
    );
    assert.ok(isCursorPaginated('GET', '/api/v2/tickets.json?sort=-id'));
    assert.ok(isCursorPaginated('GET', '/api/v2/tickets/{{t}}/comments.json'));
    assert.ok(!isCursorPaginated('GET', '/api/v2/search.json?query=x'), 'search pages by offset only');
    assert.ok(!isCursorPaginated('POST', '/api/v2/tickets.json'));
    assert.ok(!isCursorPaginated('GET', '/api/v2/tickets/35.json'));
  });

  it('has one entry per method and path, each under /api/v2', () => {
    const keys = ENDPOINTS.map((e) => `${e.method} ${e.path}`);
    assert.equal(new Set(keys).size, keys.length);
    for (const e of ENDPOINTS) assert.match(e.path, /^\/api\/v2\//);
  });
});
