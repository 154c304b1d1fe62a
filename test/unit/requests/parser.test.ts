// The `.zendesk` parser: generated requests printed and parsed back come out equal; broken files give the
// diagnostics a user would see, on the right line and columns.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { METHODS, parseRequestFile, requestAt, type Method } from '../../../src/requests/parser';
import { prepareRequest } from '../../../src/requests/prepare';
import { printFile, type RequestSpec } from '../../../src/requests/printer';
import { ALLOWED_REQUEST_HEADERS } from '../../../src/zendesk/requestHeaders';
import { ACME } from './accounts';

const NAME = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,15}$/).filter((n) => n !== 'me' && n !== 'subdomain');
const SUBDOMAIN = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const SEGMENT = fc.stringMatching(/^[A-Za-z0-9_.~-]{1,12}$/).filter((s) => s !== '.' && s !== '..');
const QUERY = fc
  .array(fc.tuple(fc.stringMatching(/^[a-z_[\]]{1,10}$/), fc.stringMatching(/^[A-Za-z0-9%:,._-]{0,12}$/)), {
    maxLength: 3,
  })
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));
const PATH = fc
  .tuple(fc.array(SEGMENT, { minLength: 1, maxLength: 5 }), fc.boolean(), QUERY)
  .map(([segs, json, q]) => `/api/v2/${segs.join('/')}${json ? '.json' : ''}${q}`);
const TARGET = fc.oneof(
  PATH,
  fc.tuple(SUBDOMAIN, PATH).map(([s, p]) => `https://${s}.zendesk.com${p}`),
);
// The headers a file may send (any other is refused on purpose), in any case.
const HEADER_NAME = fc
  .tuple(fc.constantFrom(...ALLOWED_REQUEST_HEADERS), fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }))
  .map(([n, upper]) => [...n].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));
const HEADER_VALUE = fc
  .string({ minLength: 1, maxLength: 30 })
  .map((s) => s.replace(/[\r\n]/g, ' ').trim())
  .filter((s) => s !== '' && !s.includes('{{'));
const JSON_TYPE = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/vnd.api+json');
const COMMENT = fc
  .string({ maxLength: 30 })
  .map((s) => s.replace(/[\r\n]/g, ' ').trim())
  .filter((s) => !s.startsWith('@') && !s.includes('{{'));
const BODY = fc
  .tuple(fc.jsonValue(), fc.constantFrom(0, 2, 4))
  .map(([v, indent]) => JSON.stringify(v, null, indent))
  .filter((s) => !s.includes('{{') && s.split('\n').every((l) => !l.startsWith('###')));

const REQUEST: fc.Arbitrary<RequestSpec> = fc
  .record({
    method: fc.constantFrom(...METHODS),
    target: TARGET,
    account: fc.option(SUBDOMAIN, { nil: undefined }),
    headers: fc
      .uniqueArray(fc.tuple(HEADER_NAME, HEADER_VALUE, JSON_TYPE), { maxLength: 4, selector: ([n]) => n.toLowerCase() })
      // A Content-Type says JSON: the body generated is JSON (other types have their own cases below).
      .map((hs) => hs.map(([n, v, t]) => [n, n.toLowerCase() === 'content-type' ? t : v] as [string, string])),
    body: fc.option(BODY, { nil: undefined }),
    comments: fc.array(COMMENT, { maxLength: 2 }),
  })
  .map((r) => ({ ...r, body: r.method === 'GET' ? undefined : r.body }));

const FILE = fc.record({
  variables: fc.uniqueArray(
    fc.tuple(
      NAME,
      fc.stringMatching(/^[A-Za-z0-9 ._:/-]{0,20}$/).map((s) => s.trim()),
    ),
    { maxLength: 3, selector: ([n]) => n },
  ),
  requests: fc.array(REQUEST, { minLength: 1, maxLength: 5 }),
  names: fc.uniqueArray(NAME, { minLength: 5, maxLength: 5 }),
  named: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
});

describe('the request-file parser', () => {
  it('reads back every generated file it printed: methods, targets, headers, bodies, names, accounts, variables', () => {
    fc.assert(
      fc.property(FILE, (f) => {
        const requests = f.requests.map((r, i) => ({ ...r, name: f.named[i] ? f.names[i] : undefined }));
        const text = printFile(f.variables, requests);
        const parsed = parseRequestFile(text);
        assert.deepEqual(parsed.diagnostics, [], text);
        assert.equal(parsed.requests.length, requests.length, text);
        parsed.requests.forEach((p, i) => {
          const r = requests[i];
          assert.equal(p.method, r.method);
          assert.equal(p.target, r.target);
          assert.equal(p.name, r.name);
          assert.equal(p.account, r.account);
          assert.deepEqual(
            p.headers.map((h) => [h.name, h.value]),
            r.headers ?? [],
          );
          assert.equal(p.body, r.body);
          if (p.body !== undefined) assert.deepEqual(JSON.parse(p.body), JSON.parse(r.body as string));
        });
        assert.deepEqual(
          parsed.variables.map((v) => [v.name, v.value]),
          f.variables,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('reads the same requests written in the peers’ styles: no method for GET, HTTP/1.1, query lines, ### titles, /* */', () => {
    const STYLE = fc.record({
      noMethod: fc.boolean(),
      version: fc.constantFrom('', ' HTTP/1.1', ' HTTP/2.0'),
      queryLines: fc.boolean(),
      indent: fc.constantFrom('', '  ', '    '),
      title: fc.boolean(),
      blockComment: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(REQUEST, STYLE), { minLength: 1, maxLength: 4 }),
        fc.uniqueArray(NAME, { minLength: 4, maxLength: 4 }),
        (pairs, names) => {
          const blocks = pairs.map(([r, st], i) => {
            const lines: string[] = [];
            if (st.blockComment) lines.push('/* a note', `${r.method} /not/this`, '*/');
            if (r.account !== undefined) lines.push(`# @account ${r.account}`);
            const q = r.target.indexOf('?');
            const [path, query] = q >= 0 && st.queryLines ? [r.target.slice(0, q), r.target.slice(q)] : [r.target, ''];
            const method = r.method === 'GET' && st.noMethod ? '' : `${r.method} `;
            lines.push(`${method}${path}${query ? '' : st.version}`);
            for (const part of query.split(/(?=&)/).filter(Boolean)) lines.push(`${st.indent}${part}`);
            for (const [n, v] of r.headers ?? []) lines.push(`${n}: ${v}`);
            if (r.body !== undefined) lines.push('', r.body);
            return { head: st.title ? `### ${names[i]}` : '###', text: lines.join('\n') };
          });
          const text = blocks
            .map((b, i) => (i === 0 && b.head === '###' ? b.text : `${b.head}\n${b.text}`))
            .join('\n\n');
          const parsed = parseRequestFile(text);
          assert.deepEqual(parsed.diagnostics, [], text);
          assert.equal(parsed.requests.length, pairs.length, text);
          parsed.requests.forEach((p, i) => {
            const [r, st] = pairs[i];
            assert.equal(p.method, r.method, text);
            assert.equal(p.target, r.target, text);
            assert.equal(p.name, st.title ? names[i] : undefined, text);
            assert.deepEqual(
              p.headers.map((h) => [h.name, h.value]),
              r.headers ?? [],
            );
            assert.equal(p.body, r.body);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("fills in what each request sees, its own variables over the file's, and sends escaped braces as braces", () => {
    const REQ = fc.record({
      own: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      word: fc.stringMatching(/^[A-Za-z0-9_ ]{1,10}$/),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(NAME, { minLength: 1, maxLength: 3 }),
        fc.array(REQ, { minLength: 1, maxLength: 4 }),
        (names, reqs) => {
          const query = names.map((n) => `${n}={{${n}}}`).join('&');
          const blocks = reqs.map((r, i) =>
            [
              ...names.filter((_, k) => r.own[k]).map((n) => `@${n} = r${i}-${n}`),
              `POST /api/v2/x?${query}`,
              '',
              `{"t": "\\{\\{${r.word}\\}\\}"}`,
            ].join('\n'),
          );
          const text = [names.map((n) => `@${n} = file-${n}`).join('\n'), ...blocks].join('\n\n###\n');
          const parsed = parseRequestFile(text);
          assert.deepEqual(parsed.diagnostics, [], text);
          parsed.requests.forEach((request, i) => {
            const sent = prepareRequest({ file: parsed, request, accounts: [ACME], inUse: ACME, responses: new Map() });
            const seen = names.map((n, k) => `${n}=${reqs[i].own[k] ? `r${i}-${n}` : `file-${n}`}`).join('&');
            assert.equal(sent.target, `/api/v2/x?${seen}`, text);
            assert.equal(sent.body, `{"t": "{{${reqs[i].word}}}"}`, text);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("puts each request's CodeLens line on its request line, whatever comes above it", () => {
    fc.assert(
      fc.property(fc.array(REQUEST, { minLength: 1, maxLength: 4 }), (requests) => {
        const text = printFile([], requests);
        const lines = text.split('\n');
        const parsed = parseRequestFile(text);
        for (const p of parsed.requests) {
          assert.ok(p.requestLine !== undefined);
          assert.ok(lines[p.requestLine].startsWith(`${p.method} `), lines[p.requestLine]);
          assert.equal(requestAt(parsed, p.requestLine), p);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('reads CRLF files like LF files', () => {
    const text = '# @name a\r\nPOST /api/v2/tickets.json\r\nContent-Type: application/json\r\n\r\n{"ticket": {}}\r\n';
    const [r] = parseRequestFile(text).requests;
    assert.deepEqual(
      { method: r.method, name: r.name, body: r.body, headers: r.headers.map((h) => h.value) },
      { method: 'POST', name: 'a', body: '{"ticket": {}}', headers: ['application/json'] },
    );
  });

  it('accepts HTTP/1.1 after the path, comments between headers, and // comments', () => {
    const text = '// a note\nGET /api/v2/users/me.json HTTP/1.1\n# a comment\nAccept: application/json\n';
    const parsed = parseRequestFile(text);
    assert.deepEqual(parsed.diagnostics, []);
    assert.equal(parsed.requests[0].target, '/api/v2/users/me.json');
    assert.equal(parsed.requests[0].headers.length, 1);
  });

  it('treats a block of only comments and variables as no request', () => {
    const parsed = parseRequestFile('@a = 1\n# just notes\n\n###\nGET /api/v2/tickets.json\n');
    assert.equal(parsed.requests.length, 1);
    assert.equal(parsed.requests[0].index, 0);
    assert.deepEqual(parsed.diagnostics, []);
  });

  describe('broken files give a diagnostic on the exact spot, saying what to do', () => {
    interface Case {
      why: string;
      text: string;
      expect: { line: number; start: number; end: number; severity?: 'error' | 'warning'; message: RegExp }[];
    }
    const cases: Case[] = [
      {
        why: 'an Authorization header',
        text: 'GET /api/v2/tickets.json\nAuthorization: Bearer abc123\n',
        expect: [
          {
            line: 1,
            start: 0,
            end: 28,
            message: /Remove this Authorization header: the token is added from your signed-in Zendesk session/,
          },
        ],
      },
      {
        why: 'an authorization header in lower case',
        text: 'GET /api/v2/tickets.json\nauthorization: Basic eHl6\n',
        expect: [{ line: 1, start: 0, end: 25, message: /Remove this Authorization header/ }],
      },
      ...(
        [
          ['Host', 'evil.example'],
          ['Forwarded', 'host=evil.example'],
          ['X-Forwarded-Host', 'evil.example'],
          ['x-forwarded-for', '10.0.0.1'],
        ] as const
      ).map(([name, value]) => ({
        why: `a ${name} header`,
        text: `GET /api/v2/tickets.json\n${name}: ${value}\n`,
        expect: [
          {
            line: 1,
            start: 0,
            end: name.length + 2 + value.length,
            message: new RegExp(`Remove the ${name} header: the request goes to the address on the request line`),
          },
        ],
      })),
      ...['X-HTTP-Method-Override', 'X-HTTP-Method', 'X-Method-Override', 'x-http-method-override'].map((name) => ({
        why: `a ${name} header`,
        text: `POST /api/v2/tickets.json\n${name}: DELETE\n`,
        expect: [
          {
            line: 1,
            start: 0,
            end: name.length + 8,
            message: new RegExp(
              `Remove the ${name} header: write the method you want at the start of the request line`,
            ),
          },
        ],
      })),
      ...['Content-Length', 'Transfer-Encoding', 'Connection', 'CONTENT-LENGTH'].map((name) => ({
        why: `a ${name} header`,
        text: `GET /api/v2/tickets.json\n${name}: 5\n`,
        expect: [
          {
            line: 1,
            start: 0,
            end: name.length + 3,
            message: new RegExp(`Remove the ${name} header: it is computed when the request is sent`),
          },
        ],
      })),
      {
        why: 'a header not on the list',
        text: 'GET /api/v2/tickets.json\nX-Note: hello\n',
        expect: [
          {
            line: 1,
            start: 0,
            end: 13,
            message:
              /Remove the X-Note header: only Accept, Accept-Language, Content-Type, Idempotency-Key, X-On-Behalf-Of are sent/,
          },
        ],
      },
      {
        why: 'an unknown method',
        text: 'FETCH /api/v2/tickets.json\n',
        expect: [
          { line: 0, start: 0, end: 5, message: /"FETCH" is not a method: use GET, POST, PUT, PATCH or DELETE/ },
        ],
      },
      {
        why: 'a word that is no method, before a path',
        text: 'FETCH /api/v2/tickets.json\n',
        expect: [{ line: 0, start: 0, end: 5, message: /"FETCH" is not a method/ }],
      },
      {
        why: 'a method Zendesk does not answer',
        text: 'OPTIONS * HTTP/1.1\n',
        expect: [
          {
            line: 0,
            start: 0,
            end: 7,
            message: /OPTIONS is not sent: Zendesk's API answers GET, POST, PUT, PATCH and DELETE/,
          },
        ],
      },
      {
        why: 'a method in lower case',
        text: 'get /api/v2/tickets.json\n',
        expect: [{ line: 0, start: 0, end: 3, message: /Write the method in capitals: "GET"/ }],
      },
      {
        why: 'a method without a path',
        text: 'DELETE\n',
        expect: [{ line: 0, start: 0, end: 6, message: /DELETE needs a path/ }],
      },
      {
        why: 'a relative path without its slash',
        text: 'GET api/v2/tickets.json\n',
        expect: [{ line: 0, start: 4, end: 23, message: /must start with "\/"/ }],
      },
      {
        why: 'a protocol-relative address',
        text: 'GET //evil.example/api/v2/tickets.json\n',
        expect: [{ line: 0, start: 4, end: 38, message: /must start with "\/"/ }],
      },
      {
        why: 'credentials in the address',
        text: 'GET https://me:pw@acme.zendesk.com/api/v2/tickets.json\n',
        expect: [{ line: 0, start: 4, end: 54, message: /cannot carry a user name or password/ }],
      },
      {
        why: 'words after the path',
        text: 'GET /api/v2/search.json?query=status open\n',
        expect: [{ line: 0, start: 37, end: 41, message: /Encode spaces in the path as %20/ }],
      },
      {
        why: 'a header line without a colon',
        text: 'POST /api/v2/tickets.json\nContent-Type application/json\n\n{}\n',
        expect: [{ line: 1, start: 0, end: 29, message: /A header is written "Name: value"/ }],
      },
      {
        why: 'a bad header name',
        text: 'GET /api/v2/tickets.json\nX Bad: 1\n',
        expect: [{ line: 1, start: 0, end: 5, message: /"X Bad" is not a valid header name/ }],
      },
      {
        why: 'a header set twice',
        text: 'GET /api/v2/tickets.json\nAccept: a\naccept: b\n',
        expect: [{ line: 2, start: 0, end: 6, message: /The header accept is set twice/ }],
      },
      {
        why: 'a body that is not JSON',
        text: 'POST /api/v2/tickets.json\n\n{"ticket": {"subject": "x",}}\n',
        expect: [{ line: 2, start: 27, end: 29, message: /The body is not valid JSON: .*Zendesk takes a JSON body/ }],
      },
      {
        why: 'a body cut short, on its last line',
        text: 'PUT /api/v2/tickets/1.json\n\n{\n  "ticket": {\n    "status": "open"\n',
        expect: [{ line: 4, start: 20, end: 21, message: /The body is not valid JSON/ }],
      },
      {
        why: 'a GET with a body',
        text: 'GET /api/v2/tickets.json\n\n{"a": 1}\n',
        expect: [{ line: 2, start: 0, end: 8, message: /A GET request sends no body/ }],
      },
      {
        why: 'an undefined variable',
        text: 'GET /api/v2/tickets/{{ticket}}.json\n',
        expect: [
          { line: 0, start: 20, end: 30, message: /\{\{ticket\}\} is not defined\. Define it with "@ticket = value"/ },
        ],
      },
      {
        why: 'an unclosed variable',
        text: 'GET /api/v2/tickets/{{ticket.json\n',
        expect: [{ line: 0, start: 20, end: 33, message: /"\{\{" is not closed/ }],
      },
      {
        why: 'an unknown session field',
        text: 'GET /api/v2/users/{{me.phone}}.json\n',
        expect: [{ line: 0, start: 18, end: 30, message: /use \{\{me\.id\}\}, \{\{me\.email\}\} or \{\{me\.name\}\}/ }],
      },
      {
        why: 'a reference to a request not above',
        text: 'GET /api/v2/tickets/{{later.response.body.ticket.id}}.json\n\n###\n# @name later\nGET /api/v2/tickets.json\n',
        expect: [{ line: 0, start: 20, end: 53, message: /No request above is named "later"\. Add "# @name later"/ }],
      },
      {
        why: 'a reference to the request itself',
        text: '# @name self\nGET /api/v2/tickets/{{self.response.status}}.json\n',
        expect: [{ line: 1, start: 20, end: 44, message: /this request's own response/ }],
      },
      {
        why: 'a malformed response path',
        text: '# @name a\nGET /x\n\n###\nGET /api/v2/{{a.response.body.[x]}}\n',
        expect: [{ line: 4, start: 12, end: 35, message: /malformed path/ }],
      },
      {
        why: 'a response reference that is neither body, headers nor status',
        text: '# @name a\nGET /x\n\n###\nGET /api/v2/{{a.response.cookies}}\n',
        expect: [{ line: 4, start: 12, end: 34, message: /is not understood\. Refer to a response as/ }],
      },
      {
        why: 'a duplicate request name',
        text: '# @name a\nGET /x\n\n###\n# @name a\nGET /y\n',
        expect: [{ line: 4, start: 8, end: 9, message: /The request on line 2 is already named "a"/ }],
      },
      {
        why: 'a bad request name',
        text: '# @name 1st\nGET /x\n',
        expect: [{ line: 0, start: 8, end: 11, message: /"1st" is not a request name/ }],
      },
      {
        why: "a request named like the session's variables",
        text: '# @name me\nGET /x\n',
        expect: [{ line: 0, start: 8, end: 10, message: /a request cannot be named "me"; choose another name/ }],
      },
      {
        why: 'a bad account',
        text: '# @account Acme Corp\nGET /x\n',
        expect: [{ line: 0, start: 11, end: 20, message: /"Acme Corp" is not an account: give its subdomain/ }],
      },
      {
        why: '@name without a request',
        text: '# @name orphan\n# nothing else\n',
        expect: [{ line: 0, start: 0, end: 14, message: /This block has no request line/ }],
      },
      {
        why: 'an unsupported @ comment',
        text: '# @note careful\nGET /x\n',
        expect: [
          {
            line: 0,
            start: 2,
            end: 7,
            severity: 'warning',
            message: /@note is not shown here: writes ask before they are sent/,
          },
        ],
      },
      {
        why: 'a reserved variable name, used',
        text: '@subdomain = evil\nGET /x/{{subdomain}}\n',
        expect: [
          { line: 0, start: 1, end: 10, message: /given by the signed-in session; choose another variable name/ },
        ],
      },
      {
        why: 'a reserved variable name no request uses: a warning, blocking nothing',
        text: '@subdomain = evil\nGET /x\n',
        expect: [
          {
            line: 0,
            start: 1,
            end: 10,
            severity: 'warning',
            message: /given by the signed-in session; choose another variable name/,
          },
        ],
      },
      {
        why: 'a variable defined twice',
        text: '@a = 1\n@a = 2\nGET /x/{{a}}\n',
        expect: [{ line: 1, start: 1, end: 2, message: /@a is already defined on line 1/ }],
      },
      {
        why: 'a variable without "="',
        text: '@a 1\nGET /x\n',
        expect: [{ line: 0, start: 0, end: 4, message: /A variable is written "@name = value"/ }],
      },
      {
        why: 'variables in a circle',
        text: '@a = {{b}}\n@b = {{a}}\nGET /x/{{a}}\n',
        expect: [
          { line: 0, start: 1, end: 2, message: /@a refers back to itself/ },
          { line: 1, start: 1, end: 2, message: /@b refers back to itself/ },
        ],
      },
      {
        why: 'a file variable that uses the response of a request not in the file',
        text: '@id = {{nope.response.body.$.id}}\n# @name a\nGET /x/{{id}}\n',
        expect: [{ line: 0, start: 6, end: 33, message: /No request above is named "nope"/ }],
      },
    ];
    for (const c of cases) {
      it(c.why, () => {
        const got = parseRequestFile(c.text).diagnostics.map((d) => ({
          line: d.line,
          start: d.start,
          end: d.end,
          severity: d.severity,
          message: d.message,
        }));
        assert.equal(got.length, c.expect.length, JSON.stringify(got, null, 1));
        c.expect.forEach((e, i) => {
          assert.deepEqual(
            { line: got[i].line, start: got[i].start, end: got[i].end, severity: got[i].severity },
            { line: e.line, start: e.start, end: e.end, severity: e.severity ?? 'error' },
            got[i].message,
          );
          assert.match(got[i].message, e.message);
        });
      });
    }
  });

  it('keeps diagnostics inside the request they belong to, so the others still send', () => {
    const parsed = parseRequestFile(
      'GET /api/v2/tickets.json\n\n###\nGET /x\nAuthorization: Bearer t\n\n###\nPOST /api/v2/tickets.json\n\n{}\n',
    );
    assert.deepEqual(
      parsed.requests.map((r) => r.diagnostics.length),
      [0, 1, 0],
    );
    const method: Method | undefined = parsed.requests[2].method;
    assert.equal(method, 'POST');
  });
});
