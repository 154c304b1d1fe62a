import * as assert from 'node:assert/strict';
import { RedactingLogger, SecretRegistry, redact } from '../../../src/log';

describe('log redaction', () => {
  const cases: [string, string, string][] = [
    ['a bearer header', 'Authorization: Bearer gErypPlm4dOVgGRvA1ZzMH5MQ3nLo8bo', 'gErypPlm4dOVgGRvA1ZzMH5MQ3nLo8bo'],
    ['a query code and state', 'GET /callback?code=7xqwtlf3rrdj8uyeb1yf&state=abcDEF123', '7xqwtlf3rrdj8uyeb1yf'],
    ['the state in a query', 'GET /callback?code=x1&state=abcDEF123456', 'abcDEF123456'],
    [
      'a form body',
      'grant_type=refresh_token&refresh_token=31048ba4d7c601302f3173f243da835f&client_secret=s3cr3tvalue',
      '31048ba4d7c601302f3173f243da835f',
    ],
    ['a client secret in a form body', 'client_id=c&client_secret=s3cr3tvalue', 's3cr3tvalue'],
    ['JSON tokens', '{"access_token":"AAAAAAAAAA","refresh_token":"RRRRRRRRRR","scope":"read"}', 'RRRRRRRRRR'],
    [
      'a code verifier',
      '{"code_verifier":"dBjftJeZ4CVP-mJ92qIN7pM8ibeOhmtPRkUrWZGqbyU"}',
      'dBjftJeZ4CVP-mJ92qIN7pM8ibeOhmtPRkUrWZGqbyU',
    ],
    ['relay parameters', '...callback?nonce=n&zd_code=CODE123456&zd_state=STATE123456', 'CODE123456'],
    // An upload token attaches the file to any comment of the account (POST /api/v2/uploads.json?filename=x&token=...).
    [
      'an upload token in a query',
      'POST /api/v2/uploads.json?filename=repro.log&token=6bk3gql82em5nmf -> 201',
      '6bk3gql82em5nmf',
    ],
    [
      'an upload token first in a query',
      'POST /api/v2/uploads.json?token=6bk3gql82em5nmf&filename=b.png',
      '6bk3gql82em5nmf',
    ],
    ['an upload token in JSON', '{"upload": {"token": "6bk3gql82em5nmf", "attachment": {"id": 1}}}', '6bk3gql82em5nmf'],
  ];
  for (const [what, line, secret] of cases) {
    it(`removes ${what}`, () => {
      const out = redact(line);
      assert.ok(!out.includes(secret), out);
      assert.match(out, /\*\*\*/);
    });
  }

  it('keeps what is not secret', () => {
    assert.equal(
      redact('GET https://acme.zendesk.com/api/v2/tickets?page[size]=100 -> 200'),
      'GET https://acme.zendesk.com/api/v2/tickets?page[size]=100 -> 200',
    );
  });

  it('removes any token the extension holds, wherever it appears', () => {
    const lines: string[] = [];
    const sink = {
      trace: (m: string) => lines.push(m),
      debug: (m: string) => lines.push(m),
      info: (m: string) => lines.push(m),
      warn: (m: string) => lines.push(m),
      error: (m: string | Error) => lines.push(String(m)),
    };
    const registry = new SecretRegistry();
    registry.add('opaque-token-value-123');
    const log = new RedactingLogger(sink, 'tokens', registry);
    log.info('weird place opaque-token-value-123 here');
    log.error(new Error('failed with opaque-token-value-123'));
    assert.deepEqual(lines, ['[tokens] weird place *** here', '[tokens] Error: failed with ***']);
  });
});
