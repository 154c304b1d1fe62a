// What REST Client, httpYac and JetBrains users write, one construct at a time: the request each must produce
// (method, target, headers, body), and each refusal with its span and its message. System variables, response
// values in file variables and the credential rule are in variables.test.ts.
import * as assert from 'node:assert/strict';
import { parseRequestFile } from '../../../src/requests/parser';
import { prepareRequest } from '../../../src/requests/prepare';
import { ACME } from './accounts';

interface Produced {
  method?: string;
  target?: string;
  headers?: Record<string, string>;
  body?: string;
  name?: string;
  title?: string;
  /** What is sent (prepare.ts: variables filled in as this request sees them, escapes undone), when named. */
  sent?: { target: string; body?: string };
}

function produced(text: string, index = 0, trusted = true, sent = false): Produced {
  const parsed = parseRequestFile(text, { trusted });
  const r = parsed.requests[index];
  assert.deepEqual(
    r.diagnostics.filter((d) => d.severity === 'error'),
    [],
    text,
  );
  const out: Produced = { method: r.method, target: r.target };
  if (r.headers.length) out.headers = Object.fromEntries(r.headers.map((h) => [h.name, h.value]));
  if (r.body !== undefined) out.body = r.body;
  if (r.name !== undefined) out.name = r.name;
  if (r.title !== undefined) out.title = r.title;
  if (sent) {
    const p = prepareRequest({ file: parsed, request: r, accounts: [ACME], inUse: ACME, responses: new Map() });
    out.sent = { target: p.target };
    if (typeof p.body === 'string') out.sent.body = p.body;
  }
  return out;
}

describe('request files in the peers’ syntax', () => {
  // One table: each construct with the request it must produce, or the refusal it must get (its span and message).
  const table: ({ why: string; text: string; index?: number; trusted?: boolean } & (
    | { reads: Produced }
    | { refuses: { line: number; start: number; end: number; severity?: 'warning'; message: RegExp } }
  ))[] = [
    {
      why: 'a request line without a method is a GET',
      text: '/api/v2/tickets.json\n',
      reads: { method: 'GET', target: '/api/v2/tickets.json' },
    },
    {
      why: 'a full address without a method, with HTTP/1.1',
      text: 'https://acme.zendesk.com/api/v2/users/me.json HTTP/1.1\n',
      reads: { method: 'GET', target: 'https://acme.zendesk.com/api/v2/users/me.json' },
    },
    {
      why: 'HTTP/2.0 after the path',
      text: 'GET /api/v2/tickets.json HTTP/2.0\n',
      reads: { method: 'GET', target: '/api/v2/tickets.json' },
    },
    {
      why: 'query lines under the request line (REST Client, httpYac)',
      text: 'GET /api/v2/search.json\n    ?query=status:open\n    &sort_by=created_at\nAccept: application/json\n',
      reads: {
        method: 'GET',
        target: '/api/v2/search.json?query=status:open&sort_by=created_at',
        headers: { Accept: 'application/json' },
      },
    },
    {
      why: 'a query line among the headers (httpYac)',
      text: 'GET /api/v2/tickets.json\nAccept: application/json\n&per_page=10\n',
      reads: { method: 'GET', target: '/api/v2/tickets.json&per_page=10', headers: { Accept: 'application/json' } },
    },
    {
      why: 'a path continued on the next line (httpYac, JetBrains)',
      text: 'GET /api/v2\n  /tickets.json\n',
      reads: { method: 'GET', target: '/api/v2/tickets.json' },
    },
    {
      why: '{{ name }} with spaces on the request line',
      text: '@t = 35\nGET /api/v2/tickets/{{ t }}.json HTTP/1.1\n',
      reads: { method: 'GET', target: '/api/v2/tickets/{{ t }}.json' },
    },
    {
      why: '### title names the request (httpYac)',
      text: '### listTickets\nGET /api/v2/tickets.json\n',
      reads: { method: 'GET', target: '/api/v2/tickets.json', name: 'listTickets', title: 'listTickets' },
    },
    {
      why: 'a ### title of several words is a title, not a name; # @name still names',
      text: '### list the tickets\n# @name list\nGET /api/v2/tickets.json\n',
      reads: { method: 'GET', target: '/api/v2/tickets.json', name: 'list', title: 'list the tickets' },
    },
    {
      why: '/* */ comments above and between',
      text: '/*\nGET /not/this\n*/\nGET /api/v2/tickets.json\n/* Accept: no */\nAccept: application/json\n',
      reads: { method: 'GET', target: '/api/v2/tickets.json', headers: { Accept: 'application/json' } },
    },
    {
      why: '# @name below the request line is honoured',
      text: 'GET /api/v2/tickets.json\n# @name list\n',
      reads: { method: 'GET', target: '/api/v2/tickets.json', name: 'list' },
    },
    {
      why: '# @no-redirect is honoured (redirects are never followed)',
      text: '# @no-redirect\nGET /api/v2/tickets.json\n',
      reads: { method: 'GET', target: '/api/v2/tickets.json' },
    },
    {
      why: 'a form body, sent as written, "&" lines joined (REST Client)',
      text: 'POST /api/v2/x\nContent-Type: application/x-www-form-urlencoded\n\nname=foo\n&password=bar\n',
      reads: {
        method: 'POST',
        target: '/api/v2/x',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'name=foo&password=bar',
      },
    },
    {
      why: 'a JSON body right under the request line (httpYac)',
      text: 'POST /api/v2/tickets.json\n{"ticket": {"subject": "Hi"}}\n',
      reads: { method: 'POST', target: '/api/v2/tickets.json', body: '{"ticket": {"subject": "Hi"}}' },
    },
    {
      why: 'two requests in one block, the second starting with its method (httpYac)',
      text: 'GET /api/v2/tickets.json\n\nGET /api/v2/users.json\n',
      index: 1,
      reads: { method: 'GET', target: '/api/v2/users.json' },
    },
    {
      why: 'a response value in a file variable (REST Client JSONPath)',
      text:
        '# @name create\nPOST /api/v2/tickets.json\n\n{"ticket": {}}\n\n###\n' +
        '@id = {{create.response.body.$.ticket.id}}\nGET /api/v2/tickets/{{id}}.json\n',
      index: 1,
      reads: { method: 'GET', target: '/api/v2/tickets/{{id}}.json' },
    },
    {
      why: "httpYac's short form of a response value",
      text: '# @name create\nPOST /api/v2/tickets.json\n\n{"ticket": {}}\n\n###\nGET /api/v2/tickets/{{create.ticket.id}}.json\n',
      index: 1,
      reads: { method: 'GET', target: '/api/v2/tickets/{{create.ticket.id}}.json' },
    },
    {
      why: 'system variables in the body',
      text: 'POST /api/v2/tickets.json\nIdempotency-Key: {{$guid}}\n\n{"ticket": {"subject": "at {{$datetime iso8601 -1 d}}", "n": {{$randomInt 1 10}}}}\n',
      reads: {
        method: 'POST',
        target: '/api/v2/tickets.json',
        headers: { 'Idempotency-Key': '{{$guid}}' },
        body: '{"ticket": {"subject": "at {{$datetime iso8601 -1 d}}", "n": {{$randomInt 1 10}}}}',
      },
    },
    {
      why: "a request's own variable over the file's, for that request only (httpYac's scopes)",
      text: '@path = groups\n\n###\n@path = users\nGET /api/v2/{{path}}.json\n\n###\nGET /api/v2/{{path}}.json\n',
      reads: { method: 'GET', target: '/api/v2/{{path}}.json', sent: { target: '/api/v2/users.json' } },
    },
    {
      why: "the file's variable where the request has none of its own",
      text: '@path = groups\n\n###\n@path = users\nGET /api/v2/{{path}}.json\n\n###\nGET /api/v2/{{path}}.json\n',
      index: 1,
      reads: { method: 'GET', target: '/api/v2/{{path}}.json', sent: { target: '/api/v2/groups.json' } },
    },
    {
      why: "a variable written once, in a request's block, for the whole file (REST Client)",
      text: '@ticket = 35\nGET /api/v2/tickets/{{ticket}}.json\n\n###\nGET /api/v2/tickets/{{ticket}}/comments.json\n',
      index: 1,
      reads: {
        method: 'GET',
        target: '/api/v2/tickets/{{ticket}}/comments.json',
        sent: { target: '/api/v2/tickets/35/comments.json' },
      },
    },
    {
      why: "a file variable filled in with the variables of the request that uses it (httpYac's lazy variables)",
      text: '@url = /api/v2/{{kind}}.json\n\n###\n@kind = users\nGET {{url}}\n',
      reads: { method: 'GET', target: '{{url}}', sent: { target: '/api/v2/users.json' } },
    },
    {
      why: "escaped braces in a body and a URL, sent as braces and not filled in (httpYac's \\{\\{)",
      text: '@v = x\nPOST /api/v2/x?q=\\{\\{v\\}\\}&v={{v}}\n\n{"t": "My \\{\\{v\\}\\} and {{v}}"}\n',
      reads: {
        method: 'POST',
        target: '/api/v2/x?q=\\{\\{v\\}\\}&v={{v}}',
        body: '{"t": "My \\{\\{v\\}\\} and {{v}}"}',
        sent: { target: '/api/v2/x?q={{v}}&v=x', body: '{"t": "My {{v}} and x"}' },
      },
    },
    {
      why: 'an escaped-only JSON body, checked as the braces it sends',
      text: 'POST /api/v2/x\n\n{"t": "\\{\\{not a variable\\}\\}"}\n',
      reads: {
        method: 'POST',
        target: '/api/v2/x',
        body: '{"t": "\\{\\{not a variable\\}\\}"}',
        sent: { target: '/api/v2/x', body: '{"t": "{{not a variable}}"}' },
      },
    },
    {
      why: "a variable written in several requests' blocks, used by another request",
      text: '@k = a\nGET /api/v2/{{k}}\n\n###\n@k = b\nGET /api/v2/{{k}}\n\n###\nGET /api/v2/{{k}}\n',
      refuses: {
        line: 8,
        start: 12,
        end: 17,
        message:
          /^\{\{k\}\} is written in the blocks of the requests on lines 1, 5, each for its own request \(as in httpYac\)\. Write "@k = value" in this request's block/,
      },
    },
    {
      why: 'a variable written twice in one block',
      text: '@k = a\n@k = b\nGET /api/v2/{{k}}\n',
      refuses: { line: 1, start: 1, end: 2, message: /^@k is already defined on line 1\. Keep one definition\.$/ },
    },
    {
      why: 'a multipart body',
      text: 'POST /api/v2/uploads.json\nContent-Type: multipart/form-data; boundary=b\n\n--b\n',
      refuses: {
        line: 1,
        start: 0,
        end: 45,
        message: /^multipart bodies are not supported; Zendesk's uploads take the raw file: use `< \.\/file`\.$/,
      },
    },
    {
      why: 'a GraphQL request by its header',
      text: 'POST /graphql\nX-Request-Type: GraphQL\n',
      refuses: { line: 1, start: 0, end: 23, message: /^GraphQL requests are not supported/ },
    },
    {
      why: 'a GraphQL body',
      text: 'POST /graphql\nContent-Type: application/json\n\nquery ($a: String!) { a }\n',
      refuses: { line: 3, start: 0, end: 25, message: /^GraphQL requests are not supported/ },
    },
    {
      why: 'an XML body, named by its type (not "Unexpected token")',
      text: 'POST /api/v2/x\nContent-Type: application/xml\n\n<a/>\n',
      refuses: { line: 3, start: 0, end: 4, message: /^A body of type application\/xml is not sent/ },
    },
    {
      why: 'a text body without a type',
      text: 'POST /api/v2/x\n\nhello\n',
      refuses: { line: 2, start: 0, end: 5, message: /^The body is text, not JSON.*x-www-form-urlencoded/ },
    },
    {
      why: 'typographic quotes in a JSON body',
      text: 'POST /api/v2/x\n\n{ “a”: 1 }\n',
      refuses: { line: 2, start: 2, end: 10, message: /^The body has typographic quotes/ },
    },
    {
      why: 'a JSON mistake said in words, never "Unexpected token"',
      text: 'POST /api/v2/x\n\n{"a": x}\n',
      refuses: { line: 2, start: 6, end: 8, message: /^The body is not valid JSON: "x" is not expected there/ },
    },
    {
      why: 'a response handler script',
      text: 'GET /api/v2/x\n\n> {% client.global.set("a", 1) %}\n',
      refuses: { line: 2, start: 0, end: 33, message: /^Response handlers \("> \{% \.\.\. %\}"/ },
    },
    {
      why: 'a pre-request script',
      text: '< {%\n  request.variables.set("a", 1)\n%}\nGET /api/v2/x\n',
      refuses: { line: 0, start: 0, end: 4, message: /^Pre-request scripts/ },
    },
    {
      why: 'an httpYac script block',
      text: 'GET /api/v2/x\n\n{{\n  exports.a = 1;\n}}\n',
      refuses: { line: 2, start: 0, end: 2, message: /^Scripts \("\{\{" on a line of their own/ },
    },
    {
      why: 'a method Zendesk does not answer',
      text: 'HEAD /api/v2/x\n',
      refuses: { line: 0, start: 0, end: 4, message: /^HEAD is not sent/ },
    },
    {
      why: 'a directive with "-" in its name, named whole',
      text: '# @no-cookie-jar\nGET /api/v2/x\n',
      refuses: {
        line: 0,
        start: 2,
        end: 16,
        severity: 'warning',
        message: /^@no-cookie-jar is not supported here and is ignored/,
      },
    },
    {
      why: 'a directive below the request line, flagged',
      text: 'GET /api/v2/x\n# @sleep 100\n',
      refuses: { line: 1, start: 2, end: 8, severity: 'warning', message: /^@sleep is not supported here/ },
    },
    {
      why: 'a fragment, which is never sent',
      text: 'GET /api/v2/x#top\n',
      refuses: { line: 0, start: 4, end: 17, severity: 'warning', message: /^"#top" is not sent/ },
    },
    {
      why: 'an XPath into a response',
      text: '# @name a\nGET /api/v2/x\n\n###\nGET /api/v2/{{a.response.body.//id}}\n',
      refuses: { line: 4, start: 12, end: 36, message: /is an XPath, for XML responses; Zendesk answers JSON/ },
    },
    {
      why: 'a JSONPath that can match several values',
      text: '# @name a\nGET /api/v2/x\n\n###\nGET /api/v2/{{a.response.body.$..id}}\n',
      refuses: { line: 4, start: 12, end: 37, message: /uses "\.\." \(any depth\), which can match several values/ },
    },
    {
      why: 'a custom date format',
      text: 'POST /api/v2/x\n\n{"d": "{{$datetime \'YYYY\'}}"}\n',
      refuses: { line: 2, start: 7, end: 27, message: /custom date formats are not supported; write/ },
    },
    {
      why: '$processEnv in a workspace that is not trusted',
      text: 'GET /api/v2/users/{{$processEnv ZD_USER}}.json\n',
      trusted: false,
      refuses: { line: 0, start: 18, end: 41, message: /is read only in a trusted workspace/ },
    },
    {
      why: '$processEnv of a variable named like a secret',
      text: 'GET /api/v2/x?u={{$processEnv ZENDESK_TOKEN}}\n',
      refuses: {
        line: 0,
        start: 16,
        end: 45,
        message: /looks like a secret, and request files never carry credentials/,
      },
    },
    {
      why: '$dotenv into a credential header',
      text: 'GET /api/v2/x\nAuthorization: {{$dotenv USERNAME}}\n',
      refuses: {
        line: 1,
        start: 0,
        end: 35,
        message: /^Remove this Authorization header: it would send a value from your environment/,
      },
    },
    {
      why: '$input (httpYac), pointing to # @prompt',
      text: 'GET /api/v2/x?q={{$input q}}\n',
      refuses: { line: 0, start: 16, end: 28, message: /is not supported: ask with "# @prompt name"/ },
    },
  ];
  for (const c of table) {
    if ('reads' in c) {
      it(`reads ${c.why}`, () =>
        assert.deepEqual(produced(c.text, c.index, c.trusted, c.reads.sent !== undefined), c.reads));
      continue;
    }
    it(`refuses ${c.why}, on its span, saying what to write`, () => {
      const got = parseRequestFile(c.text, { trusted: c.trusted ?? true }).diagnostics;
      assert.equal(got.length, 1, JSON.stringify(got, null, 1));
      const [d] = got;
      const want = c.refuses;
      assert.deepEqual(
        { line: d.line, start: d.start, end: d.end, severity: d.severity },
        { line: want.line, start: want.start, end: want.end, severity: want.severity ?? 'error' },
        d.message,
      );
      assert.match(d.message, want.message);
      assert.doesNotMatch(d.message, /Unexpected token|not a valid header name/);
    });
  }

  it('a broken variable blocks only the requests that use it; an unused one blocks none', () => {
    const parsed = parseRequestFile(
      '@a = {{b}}\n@b = {{a}}\n@unused = {{$nope}}\n\nGET /api/v2/x/{{a}}\n\n###\nGET /api/v2/tickets.json\n',
    );
    assert.deepEqual(
      parsed.requests.map((r) => r.diagnostics.filter((d) => d.severity === 'error').length),
      [2, 0],
    );
    const unused = parsed.diagnostics.find((d) => d.line === 2);
    assert.equal(unused?.severity, 'warning');
    // Each problem is listed once in the editor, though the requests using it carry it.
    assert.equal(parsed.diagnostics.filter((d) => d.line === 0).length, 1);
  });

  it('a query line never gets "not a valid header name"', () => {
    const parsed = parseRequestFile('GET /api/v2/x\nAccept: a\n?x=1\n');
    assert.deepEqual(parsed.diagnostics, []);
    assert.equal(parsed.requests[0].target, '/api/v2/x?x=1');
  });
});
