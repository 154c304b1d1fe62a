// "Import cURL": commands as Zendesk's docs write them become requests the parser reads without a problem, the
// credential dropped with a note; what a request file cannot send is refused with what to write instead.
import * as assert from 'node:assert/strict';
import { CurlImportError, importCurl } from '../../../src/requests/curlImport';
import { parseRequestFile } from '../../../src/requests/parser';

/** The request the imported text stands for, as the parser reads it. */
function read(command: string) {
  const { text, notes } = importCurl(command);
  const file = parseRequestFile(text);
  const [r] = file.requests;
  return {
    text,
    notes,
    errors: file.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    method: r.method,
    target: r.target,
    headers: r.headers.map((h) => `${h.name}: ${h.value}`),
    body: r.body,
    bodyFile: r.bodyFile?.path,
    prompts: r.prompts.map((p) => p.name),
  };
}

describe('Import cURL', () => {
  it('reads a docs command with -u email/token, line continuations and a JSON body, dropping the credential', () => {
    const r = read(
      [
        'curl https://{subdomain}.zendesk.com/api/v2/tickets.json \\',
        '  -d \'{"ticket": {"subject": "My printer is on fire!", "comment": {"body": "The smoke is very colorful."}}}\' \\',
        '  -H "Content-Type: application/json" \\',
        '  -v -u {email_address}/token:{api_token} -X POST',
      ].join('\n'),
    );
    assert.deepEqual(r.errors, []);
    assert.equal(r.method, 'POST');
    assert.equal(r.target, '/api/v2/tickets.json', "the docs' {subdomain} is the session's account");
    assert.deepEqual(r.headers, ['Content-Type: application/json']);
    assert.deepEqual(JSON.parse(r.body ?? ''), {
      ticket: { subject: 'My printer is on fire!', comment: { body: 'The smoke is very colorful.' } },
    });
    assert.ok(!r.text.includes('api_token}'), r.text);
    assert.deepEqual(r.notes, ['The credential (-u) was dropped: your signed-in session supplies the token.']);
    assert.match(r.text, /^# The credential \(-u\) was dropped: your signed-in session supplies the token\.$/m);
  });

  it('drops an email:password credential, an Authorization header and ?api_token=, each with a note', () => {
    const r = read(
      `curl -sS 'https://acme.zendesk.com/api/v2/users/me.json?api_token=abc123&include=roles' -u ann@acme.test:hunter2 -H 'Authorization: Basic YW5uOmh1bnRlcjI=' -H 'Accept: application/json'`,
    );
    assert.deepEqual(r.errors, []);
    assert.equal(r.method, 'GET');
    assert.equal(r.target, 'https://acme.zendesk.com/api/v2/users/me.json?include=roles', 'a real host stays');
    assert.deepEqual(r.headers, ['Accept: application/json']);
    for (const secret of ['hunter2', 'YW5uOmh1bnRlcjI=', 'abc123']) assert.ok(!r.text.includes(secret), r.text);
    assert.deepEqual(r.notes, [
      'The credential (-u) was dropped: your signed-in session supplies the token.',
      'The Authorization header was dropped: your signed-in session supplies the token.',
      'The api_token parameter was dropped: your signed-in session supplies the token.',
    ]);
  });

  it('puts -G data in the query, reads --json, -XPUT and --data-raw, and asks for {placeholders} when sending', () => {
    const search = read(
      `curl "https://{subdomain}.zendesk.com/api/v2/search.json" -G --data-urlencode "query=type:ticket status:open" -u {email_address}/token:{api_token}`,
    );
    assert.deepEqual(
      [search.errors, search.method, search.target],
      [[], 'GET', '/api/v2/search.json?query=type%3Aticket%20status%3Aopen'],
    );

    const update = read(
      `curl https://{subdomain}.zendesk.com/api/v2/tickets/{ticket_id}.json -XPUT --json '{"ticket":{"status":"solved"}}'`,
    );
    assert.deepEqual(update.errors, []);
    assert.deepEqual(
      [update.method, update.target, update.prompts, update.headers],
      [
        'PUT',
        '/api/v2/tickets/{{ticket_id}}.json',
        ['ticket_id'],
        ['Content-Type: application/json', 'Accept: application/json'],
      ],
    );
    assert.deepEqual(JSON.parse(update.body ?? ''), { ticket: { status: 'solved' } });

    const raw = read(`curl -X DELETE 'https://{subdomain}.zendesk.com/api/v2/tickets/35.json' --data-raw ''`);
    assert.deepEqual([raw.method, raw.target, raw.body], ['DELETE', '/api/v2/tickets/35.json', undefined]);
  });

  it('turns --data-binary @file into a body read from the file (an upload)', () => {
    const r = read(
      `curl "https://{subdomain}.zendesk.com/api/v2/uploads.json?filename=myfile.dat&token={optional_token}" \\\n  --data-binary @file.dat -v -u {email_address}/token:{api_token} -H "Content-Type: application/binary" -X POST`,
    );
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      [r.method, r.target, r.bodyFile, r.headers, r.prompts],
      [
        'POST',
        '/api/v2/uploads.json?filename=myfile.dat&token={{optional_token}}',
        './file.dat',
        ['Content-Type: application/binary'],
        ['optional_token'],
      ],
    );
  });

  it('refuses what is not a curl command, a command without an address and multipart bodies, saying what to do', () => {
    const cases: [string, RegExp][] = [
      ['wget https://acme.zendesk.com', /This is not a curl command: paste one that starts with "curl"/],
      ['curl -X GET', /has no address: paste one with its https:\/\/ URL/],
      [
        'curl https://x.zendesk.com/api/v2/uploads -F file=@a.png',
        /Multipart bodies \(-F\) are not supported.*--data-binary @file/,
      ],
      ['curl -X HEAD https://x.zendesk.com/api/v2/tickets.json', /HEAD is not a method a request file sends/],
      ['curl -H', /-H needs a value after it/],
    ];
    for (const [command, message] of cases) {
      assert.throws(
        () => importCurl(command),
        (e: unknown) => e instanceof CurlImportError && message.test(e.message),
        command,
      );
    }
  });

  it('stops at the end of the curl command: a pipe or a redirect is not read as part of it', () => {
    const r = read(`curl https://{subdomain}.zendesk.com/api/v2/tickets.json -u a/token:b | jq '.tickets' > out.json`);
    assert.deepEqual([r.errors, r.method, r.target], [[], 'GET', '/api/v2/tickets.json']);
  });
});
