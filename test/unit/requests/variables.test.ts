// Variables and references, and preparing a request for sending: what gets filled in, which account is used,
// and what is refused before anything is sent.
import * as assert from 'node:assert/strict';
import type { AccountInfo } from '../../../src/auth/access';
import { AmbiguousAccountError, NotSignedInError } from '../../../src/auth/errors';
import { parseRequestFile } from '../../../src/requests/parser';
import { prepareRequest, RequestProblem } from '../../../src/requests/prepare';
import {
  FILL_LIMITS,
  fill,
  findReferences,
  keepBody,
  lookup,
  parsePath,
  VariableError,
  type KeptResponse,
  type VariableContext,
} from '../../../src/requests/variables';
import { HostNotAllowedError } from '../../../src/zendesk/errors';

const ACME: AccountInfo = {
  accountId: 'acme/7',
  label: 'Ann (acme)',
  subdomain: 'acme',
  baseUrl: 'https://acme.zendesk.com',
  user: { id: 7, name: 'Ann', email: 'ann@acme.test', role: 'agent' },
  scopes: ['read', 'write'],
};
const BETA: AccountInfo = {
  accountId: 'beta/9',
  label: 'Bo (beta)',
  subdomain: 'beta',
  baseUrl: 'https://beta.zendesk.com',
  user: { id: 9, name: 'Bo', email: 'bo@beta.test', role: 'admin' },
  scopes: ['read'],
};

function ctx(responses: Record<string, KeptResponse> = {}, vars: Record<string, string> = {}): VariableContext {
  return {
    subdomain: 'acme',
    me: { id: 7, email: 'ann@acme.test', name: 'Ann' },
    fileVariables: new Map(Object.entries(vars)),
    responses: new Map(Object.entries(responses)),
  };
}

describe('request variables', () => {
  it('fills in the session, file variables (also nested) and earlier responses', () => {
    const created: KeptResponse = {
      status: 201,
      headers: { location: 'https://acme.zendesk.com/api/v2/tickets/35.json' },
      body: {
        ticket: { id: 35, tags: ['a', 'b'], via: { channel: 'api' } },
        users: [{ id: 1 }, { id: 2, email: 'x@y' }],
      },
    };
    const c = ctx({ create: created }, { base: '/api/v2', tickets: '{{base}}/tickets' });
    assert.equal(fill('{{subdomain}}|{{me.id}}|{{me.email}}|{{ me.name }}', c), 'acme|7|ann@acme.test|Ann');
    assert.equal(fill('{{tickets}}/{{create.response.body.ticket.id}}.json', c), '/api/v2/tickets/35.json');
    assert.equal(
      fill(
        '{{create.response.body.ticket.tags[1]}} {{create.response.body.users[1].email}} {{create.response.body.$.ticket.via.channel}}',
        c,
      ),
      'b x@y api',
    );
    assert.equal(
      fill('{{create.response.status}} {{create.response.headers.Location}}', c),
      '201 https://acme.zendesk.com/api/v2/tickets/35.json',
    );
    assert.equal(
      fill('{{create.response.body.ticket.tags}}', c),
      '["a","b"]',
      'objects and arrays are filled in as JSON',
    );
    assert.equal(fill('no braces here', c), 'no braces here');
  });

  it('says what is missing: an unsent request, a path with nothing, an absent header', () => {
    const c = ctx({ create: { status: 201, headers: {}, body: { ticket: { id: 35 } } } });
    assert.throws(
      () => fill('{{other.response.body.id}}', c),
      (e: unknown) =>
        e instanceof VariableError && /needs the response of "other": send that request first/.test(e.message),
    );
    assert.throws(
      () => fill('{{create.response.body.ticket.tags[0]}}', c),
      (e: unknown) => e instanceof VariableError && /has nothing at body\.ticket\.tags/.test(e.message),
    );
    assert.throws(() => fill('{{create.response.headers.location}}', c), /has no location header/);
    assert.throws(() => fill('{{nope}}', c), /\{\{nope\}\} is not defined/);
  });

  describe('variables that refer to each other many times (an exponential file)', () => {
    // Eleven variables, each using the next five times: a 400-byte file that would fill in to 48 million characters.
    const chain = (n: number, uses: number, leaf = 'xxxxx'): Record<string, string> =>
      Object.fromEntries(
        Array.from({ length: n }, (_, i) => [`v${i}`, i === n - 1 ? leaf : `{{v${i + 1}}}`.repeat(uses)]),
      );
    const EXPONENTIAL = chain(11, 5);
    const fileText = (vars: Record<string, string>, request = 'GET /api/v2/search.json?query={{v0}}'): string =>
      `${Object.entries(vars)
        .map(([n, v]) => `@${n} = ${v}`)
        .join('\n')}\n${request}\n`;
    /** A context whose file variables count how often a variable's definition is read. */
    const counting = (vars: Record<string, string>): { c: VariableContext; reads: () => number } => {
      let reads = 0;
      const map = new Map(Object.entries(vars));
      const fileVariables = {
        get: (k: string) => {
          reads++;
          return map.get(k);
        },
      } as unknown as ReadonlyMap<string, string>;
      return { c: { ...ctx(), fileVariables }, reads: () => reads };
    };

    it('fills each variable in once and reuses it', () => {
      const { c, reads } = counting(EXPONENTIAL);
      const value = fill('{{v4}}', c);
      assert.equal(value, 'x'.repeat(5 * 5 ** 6));
      assert.equal(reads(), 7, 'v4 to v10, each read once');
    });

    it('stops at the length cap with a VariableError, having read each variable at most once', () => {
      const { c, reads } = counting(EXPONENTIAL);
      assert.throws(
        () => fill('{{v0}}', c),
        (e: unknown) =>
          e instanceof VariableError &&
          e.message.startsWith(`Filling in stops at {{v0}}: the text grows past ${FILL_LIMITS.length} characters`),
      );
      assert.ok(reads() <= 11, `${reads()} reads`);
    });

    it('stops at the cap on expansions', () => {
      const text = '{{a}}'.repeat(FILL_LIMITS.expansions + 1);
      assert.throws(
        () => fill(text, ctx({}, { a: 'x' })),
        (e: unknown) =>
          e instanceof VariableError && new RegExp(`more than ${FILL_LIMITS.expansions} references`).test(e.message),
      );
      assert.equal(fill('{{a}}'.repeat(FILL_LIMITS.expansions), ctx({}, { a: 'x' })).length, FILL_LIMITS.expansions);
    });

    it('stops a chain deeper than the cap, and says so (not "refers to itself")', () => {
      assert.throws(
        () => fill('{{v0}}', ctx({}, chain(FILL_LIMITS.depth + 2, 1))),
        (e: unknown) =>
          e instanceof VariableError &&
          new RegExp(`more than ${FILL_LIMITS.depth} variables inside variables`).test(e.message),
      );
      assert.equal(fill('{{v0}}', ctx({}, chain(FILL_LIMITS.depth, 1))), 'xxxxx');
    });

    it('puts the cap as a diagnostic on each variable that grows past it, and refuses to send', () => {
      const text = fileText(EXPONENTIAL);
      const parsed = parseRequestFile(text);
      const capped = parsed.diagnostics.filter((d) => /fills in to more than/.test(d.message));
      // v0 (48 million), v1 (9.8 million) and v2 (2 million) pass 1 million; v3 (390,625) does not.
      assert.deepEqual(
        capped.map((d) => [d.line, d.start, d.end, d.severity]),
        [
          [0, 1, 3, 'error'],
          [1, 1, 3, 'error'],
          [2, 1, 3, 'error'],
        ],
      );
      assert.match(
        capped[0].message,
        new RegExp(
          `^@v0 fills in to more than ${FILL_LIMITS.length} characters: its variables refer to each other too many times`,
        ),
      );
      assert.throws(
        () =>
          prepareRequest({
            file: parsed,
            request: parsed.requests[0],
            accounts: [ACME],
            inUse: ACME,
            responses: new Map(),
          }),
        (e: unknown) =>
          e instanceof RequestProblem && e.line === 0 && /^Line 1: @v0 fills in to more than/.test(e.message),
      );
    });

    it("puts the cap on what one request sees: its own variables can make the file's grow past it", () => {
      // The file's v10 is short; the second request's own v10 is long enough to make v0 pass the cap there only.
      const text = `${fileText(chain(8, 5), 'GET /api/v2/search.json?query={{v0}}')}\n###\n@v7 = ${'x'.repeat(400)}\nGET /api/v2/x?q={{v0}}\n`;
      const parsed = parseRequestFile(text);
      const errors = parsed.requests.map((r) => r.diagnostics.filter((d) => d.severity === 'error').length);
      assert.equal(errors[0], 0, 'the first request sees the short v7');
      assert.ok(errors[1] > 0, 'the second sees its own long v7');
      assert.ok(
        parsed.requests[1].diagnostics.some((d) => /^@v0 fills in to more than 1000000 characters/.test(d.message)),
      );
    });

    it('sends a file whose variables stay under the cap', () => {
      const file = parseRequestFile(fileText(chain(4, 5)));
      assert.deepEqual(file.diagnostics, []);
      const p = prepareRequest({
        file,
        request: file.requests[0],
        accounts: [ACME],
        inUse: ACME,
        responses: new Map(),
      });
      assert.equal(p.target, `/api/v2/search.json?query=${'x'.repeat(5 * 5 ** 3)}`);
    });
  });

  it('finds references with their exact columns', () => {
    const refs = findReferences('GET /a/{{x}}/{{ y.response.body.z[0] }}', 3, 2);
    assert.deepEqual(
      refs.map((r) => [r.kind, r.root, r.span.line, r.span.start, r.span.end]),
      [
        ['file', 'x', 3, 9, 14],
        ['response', 'y', 3, 15, 41],
      ],
    );
    assert.deepEqual(refs[1].path, ['body', 'z', 0]);
  });

  it('walks paths with indexes and stops at the first missing step', () => {
    assert.deepEqual(parsePath('.a[0].b'), ['a', 0, 'b']);
    assert.equal(parsePath('.a[x]'), undefined);
    assert.deepEqual(lookup({ a: [{ b: null }] }, ['a', 0, 'b']), { ok: true, value: null });
    assert.deepEqual(lookup({ a: [] }, ['a', 0, 'b']), { ok: false, depth: 1 });
    assert.deepEqual(lookup({ a: { length: 1 } }, ['a', 'toString']), { ok: false, depth: 1 }, 'only own properties');
  });

  it('keeps a JSON body parsed and any other body as text', () => {
    assert.deepEqual(keepBody('{"a":1}'), { a: 1 });
    assert.equal(keepBody('Rate limited'), 'Rate limited');
    assert.equal(keepBody(''), undefined);
  });
});

describe('preparing a request to send', () => {
  const prepare = (
    text: string,
    o: { accounts?: AccountInfo[]; inUse?: AccountInfo; responses?: Record<string, KeptResponse>; index?: number } = {},
  ) => {
    const file = parseRequestFile(text);
    return prepareRequest({
      file,
      request: file.requests[o.index ?? 0],
      accounts: o.accounts ?? [ACME, BETA],
      inUse: 'inUse' in o ? o.inUse : ACME,
      responses: new Map(Object.entries(o.responses ?? {})),
    });
  };

  it('sends a relative path to the account in use, with variables filled in', () => {
    const p = prepare(
      '@t = 35\nPUT /api/v2/tickets/{{t}}.json\nIdempotency-Key: by {{me.email}}\n\n{"ticket": {"assignee_id": {{me.id}}}}\n',
    );
    assert.deepEqual(
      {
        method: p.method,
        target: p.target,
        url: p.url,
        headers: p.headers,
        body: p.body,
        account: p.account.accountId,
      },
      {
        method: 'PUT',
        target: '/api/v2/tickets/35.json',
        url: 'https://acme.zendesk.com/api/v2/tickets/35.json',
        headers: { 'Idempotency-Key': 'by ann@acme.test' },
        body: '{"ticket": {"assignee_id": 7}}',
        account: 'acme/7',
      },
    );
  });

  it('# @account naming two signed-in users of one subdomain is refused, naming both; the in-use one is not guessed', () => {
    const acme8: AccountInfo = { ...ACME, accountId: 'acme/8', user: { ...ACME.user, id: 8, name: 'Bob' } };
    assert.throws(
      () => prepare('# @account acme\nPUT /api/v2/tickets/1.json\n', { accounts: [ACME, acme8, BETA] }),
      (e: unknown) =>
        e instanceof AmbiguousAccountError &&
        e.account === 'acme' &&
        e.candidates.map((c) => c.accountId).join(' ') === 'acme/7 acme/8',
    );
    assert.equal(prepare('# @account acme/8\nGET /x\n', { accounts: [ACME, acme8, BETA] }).account.accountId, 'acme/8');
  });

  it('uses # @account, and the account an absolute URL names', () => {
    assert.equal(prepare('# @account beta\nGET /api/v2/users/me.json\n').account.accountId, 'beta/9');
    assert.equal(prepare('# @account beta/9\nGET /api/v2/users/me.json\n').account.accountId, 'beta/9');
    const p = prepare('GET https://beta.zendesk.com/api/v2/tickets.json?page[size]=2\n');
    assert.equal(p.account.accountId, 'beta/9');
    assert.equal(p.target, 'https://beta.zendesk.com/api/v2/tickets.json?page[size]=2');
  });

  it("refuses a host that is no signed-in account's, before anything is sent", () => {
    assert.throws(
      () => prepare('GET https://evil.example/api/v2/tickets.json\n'),
      (e: unknown) =>
        e instanceof HostNotAllowedError &&
        /https:\/\/evil\.example is not the address of a signed-in Zendesk account/.test(e.message),
    );
    assert.throws(
      () => prepare('GET http://acme.zendesk.com/api/v2/tickets.json\n'),
      HostNotAllowedError,
      'another scheme is another host',
    );
    assert.throws(
      () => prepare('GET https://acme.zendesk.com.evil.example/api/v2/tickets.json\n'),
      HostNotAllowedError,
    );
    // The account is pinned by @account; a URL of another account is refused, not silently re-routed.
    assert.throws(
      () => prepare('# @account acme\nGET https://beta.zendesk.com/api/v2/tickets.json\n'),
      (e: unknown) => e instanceof HostNotAllowedError && /not acme's address/.test(e.message),
    );
    // A variable cannot smuggle in another host either.
    assert.throws(
      () => prepare('@host = https://evil.example\n# @account acme\nGET {{host}}/api/v2/tickets.json\n'),
      HostNotAllowedError,
    );
    // Nor a protocol-relative address ("//host/..."), which a browser or URL parser reads as another host: refused,
    // never resolved as a path on the account's host.
    for (const host of ['//evil.example', '//acme.zendesk.com', '//127.0.0.1:8080']) {
      assert.throws(
        () => prepare(`@host = ${host}\nGET {{host}}/api/v2/tickets.json\n`),
        (e: unknown) =>
          e instanceof RequestProblem &&
          e.line === 1 &&
          /is neither a path starting with "\/" nor a full address/.test(e.message),
        host,
      );
    }
  });

  it('refuses a request with problems, quoting the first with its line', () => {
    assert.throws(
      () => prepare('GET /api/v2/tickets.json\nAuthorization: Bearer abc\n'),
      (e: unknown) =>
        e instanceof RequestProblem && e.line === 1 && /^Line 2: Remove this Authorization header/.test(e.message),
    );
    // Not signed in: the typed error, so the message offers Sign In (ui/errorText.ts).
    assert.throws(
      () => prepare('# @account gamma\nGET /x\n'),
      (e: unknown) => e instanceof NotSignedInError && e.accountId === 'gamma',
    );
    assert.throws(
      () => prepare('GET /x\n', { inUse: undefined, accounts: [] }),
      (e: unknown) => e instanceof NotSignedInError && /Not signed in to Zendesk/.test(e.message),
    );
  });

  it('refuses a body that is JSON only before its variables are filled in', () => {
    const responses = { a: { status: 200, headers: {}, body: { text: 'x", "evil": "1' } } };
    const text =
      '# @name a\nGET /x\n\n###\nPOST /api/v2/tickets.json\n\n{"ticket": {"subject": {{a.response.body.text}}}}\n';
    assert.throws(
      () => prepare(text, { responses, index: 1 }),
      (e: unknown) =>
        e instanceof RequestProblem && /with its variables filled in, the body is not valid JSON/.test(e.message),
    );
  });

  it('uses an earlier response once it was kept', () => {
    const text =
      '# @name create\nPOST /api/v2/tickets.json\n\n{"ticket": {}}\n\n###\nGET /api/v2/tickets/{{create.response.body.ticket.id}}.json\n';
    assert.throws(() => prepare(text, { index: 1 }), /send that request first/);
    assert.equal(
      prepare(text, { index: 1, responses: { create: { status: 201, headers: {}, body: { ticket: { id: 51 } } } } })
        .target,
      '/api/v2/tickets/51.json',
    );
  });
});

describe('system variables and response values in file variables', () => {
  const NOW = new Date('2026-12-07T21:05:09.000Z');
  const system = (trusted: boolean) => ({
    trusted,
    now: () => NOW,
    uuid: () => '0f8fad5b-d9cb-469f-a165-70867728950e',
    randomInt: (min: number, max: number) => max - 1 + 0 * min,
    env: (n: string) => ({ ZD_USER: 'ann@acme.test' })[n],
    dotenv: (n: string) => ({ GROUP: '42' })[n],
    dotenvFile: '../.env',
  });
  const withSystem = (trusted: boolean, vars: Record<string, string> = {}): VariableContext => ({
    ...ctx({}, vars),
    system: system(trusted),
  });

  it('fills in $guid, $randomInt, $timestamp and $datetime from the clock and the random source given', () => {
    const c = withSystem(false);
    assert.equal(fill('{{$guid}}', c), '0f8fad5b-d9cb-469f-a165-70867728950e');
    assert.equal(fill('{{$randomInt 5 200}}', c), '199');
    assert.equal(fill('{{$timestamp}}', c), String(NOW.getTime() / 1000));
    assert.equal(fill('{{$timestamp -1 d}}', c), String(NOW.getTime() / 1000 - 86_400));
    assert.equal(fill('{{$datetime iso8601}}', c), '2026-12-07T21:05:09.000Z');
    assert.equal(fill('{{$datetime rfc1123 1 h}}', c), 'Mon, 07 Dec 2026 22:05:09 GMT');
    assert.equal(fill('{{$datetime iso8601 1 M}}', c), '2027-01-07T21:05:09.000Z');
    assert.match(fill('{{$localDatetime iso8601}}', c), /^2026-12-0[78]T\d\d:\d\d:09\.000[+-]\d\d:\d\d$/);
  });

  it('reads $processEnv and $dotenv only when the caller says the workspace is trusted', () => {
    assert.equal(fill('{{$processEnv ZD_USER}}|{{$dotenv GROUP}}', withSystem(true)), 'ann@acme.test|42');
    assert.throws(
      () => fill('{{$processEnv ZD_USER}}', withSystem(false)),
      (e) => e instanceof VariableError && /read only in a trusted workspace/.test(e.message),
    );
    // Without a system part at all (a caller that says nothing), nothing from the environment is read.
    assert.throws(() => fill('{{$processEnv ZD_USER}}', ctx()), /read only in a trusted workspace/);
    assert.throws(() => fill('{{$processEnv NOPE}}', withSystem(true)), /the environment has no variable NOPE/);
    assert.throws(() => fill('{{$dotenv NOPE}}', withSystem(true)), /\.\.\/\.env has no line "NOPE=\.\.\."/);
    assert.throws(
      () => fill('{{$dotenv GROUP}}', { ...ctx(), system: { ...system(true), dotenvFile: undefined } }),
      /there is no \.env file in the request file's folder or above it in the workspace/,
    );
  });

  it('never reads an environment variable named like a secret', () => {
    for (const name of ['ZENDESK_TOKEN', 'PRODSECRET', 'DB_PASSWORD', 'API_KEY', 'SESSION_ID']) {
      assert.throws(() => fill(`{{$processEnv ${name}}}`, withSystem(true)), /looks like a secret/, name);
      assert.throws(() => fill(`{{$dotenv ${name}}}`, withSystem(true)), /looks like a secret/, name);
    }
  });

  it("sends httpYac's escaped braces as braces, in written text only, never in a value", () => {
    assert.equal(fill('a \\{\\{b\\}\\} {{v}}', ctx({}, { v: 'x' })), 'a {{b}} x');
    // A variable's own escapes are undone when it is filled in; a value that holds them is sent as it is.
    assert.equal(fill('{{v}}', ctx({}, { v: '\\{\\{w\\}\\}' })), '{{w}}');
    const kept = { status: 200, headers: {}, body: { t: '\\{\\{raw\\}\\}' } };
    assert.equal(fill('{{r.response.body.$.t}}', { ...ctx(), responses: new Map([['r', kept]]) }), '\\{\\{raw\\}\\}');
  });

  it('URL-encodes {{%name}} (REST Client)', () => {
    assert.equal(fill('/authors/{{%name}}', ctx({}, { name: 'Strunk & White' })), '/authors/Strunk%20%26%20White');
  });

  it('fills a file variable holding a response value, in REST Client and httpYac forms', () => {
    const kept: KeptResponse = { status: 201, headers: {}, body: { ticket: { id: 35, tags: ['a', 'b'] } } };
    const c = ctx(
      { create: kept },
      { id: '{{create.response.body.$.ticket.id}}', tag: "{{create.ticket['tags'][1]}}" },
    );
    assert.equal(fill('/api/v2/tickets/{{id}}.json?t={{tag}}', c), '/api/v2/tickets/35.json?t=b');
    assert.equal(fill('{{create.response.body.*}}', c), JSON.stringify(kept.body));
  });

  it('keeps the expansion cap with system variables: each one counts', () => {
    const text = '{{$guid}}'.repeat(FILL_LIMITS.expansions + 1);
    assert.throws(
      () => fill(text, withSystem(false)),
      (e) => e instanceof VariableError && e.cap === 'expansions',
    );
  });
});
