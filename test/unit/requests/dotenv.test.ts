// `{{$dotenv NAME}}`: the nearest `.env` from the request file's folder up to its workspace folder (REST Client's
// search, bounded by the workspace), real paths inside the workspace only, read through the `dotenv` parser, and
// filled in only in a trusted workspace, never from a name that looks secret nor into a credential header.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDotenv } from '../../../src/requests/dotenvFile';
import { parseRequestFile } from '../../../src/requests/parser';
import { prepareRequest, RequestProblem, usesDotenv } from '../../../src/requests/prepare';
import { ACME } from './accounts';

describe('$dotenv: the .env file of a request file', () => {
  let root: string;
  let workspace: string;
  const at = (...parts: string[]): string => path.join(workspace, ...parts);

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'zd-dotenv-')));
    workspace = path.join(root, 'workspace');
    fs.mkdirSync(path.join(workspace, 'api', 'tickets'), { recursive: true });
    fs.mkdirSync(path.join(workspace, 'near'), { recursive: true });
    fs.mkdirSync(path.join(workspace, 'linked'), { recursive: true });
    fs.mkdirSync(path.join(root, 'outside'));
    // Above the workspace: never read, though REST Client would climb to it.
    fs.writeFileSync(path.join(root, '.env'), 'GROUP=from-above-the-workspace\n');
    fs.writeFileSync(path.join(root, 'outside', '.env'), 'GROUP=outside\n');
    fs.writeFileSync(at('.env'), '# the workspace root\nGROUP=360001\nexport BRAND="Acme Support"\nQUOTED=\'a b\'\n');
    fs.writeFileSync(at('near', '.env'), 'GROUP=42\n');
    fs.symlinkSync(path.join(root, 'outside', '.env'), at('linked', '.env'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads the .env beside the request file before one further up', async () => {
    const near = await loadDotenv(at('near', 'r.zendesk'), [workspace]);
    assert.deepEqual(near, { shown: '.env', values: { GROUP: '42' } });
  });

  it('climbs to the nearest .env in the workspace, parsed as dotenv does (comments, export, quotes)', async () => {
    const up = await loadDotenv(at('api', 'tickets', 'r.zendesk'), [workspace]);
    assert.deepEqual(up, {
      shown: '../../.env',
      values: { GROUP: '360001', BRAND: 'Acme Support', QUOTED: 'a b' },
    });
  });

  it('never reads above the workspace folder, nor for an unsaved file or one outside every folder', async () => {
    const inner = path.join(workspace, 'api');
    // With `api` as the workspace folder, the workspace root's .env is above it: nothing is read.
    assert.equal(await loadDotenv(path.join(inner, 'tickets', 'r.zendesk'), [inner]), undefined);
    assert.equal(await loadDotenv(undefined, [workspace]), undefined);
    assert.equal(await loadDotenv(path.join(root, 'outside', 'r.zendesk'), [workspace]), undefined);
  });

  it('refuses a .env that is a link to a file outside the workspace, and reads nothing of it', async () => {
    await assert.rejects(
      loadDotenv(at('linked', 'r.zendesk'), [workspace]),
      (e: unknown) =>
        e instanceof RequestProblem && /^Refusing to read "\.env": it is outside the workspace/.test(e.message),
    );
  });

  const send = (text: string, dotenv?: Awaited<ReturnType<typeof loadDotenv>>, trusted = true) => {
    const file = parseRequestFile(text, { trusted });
    const request = file.requests[0];
    return {
      uses: usesDotenv(file, request),
      sent: () =>
        prepareRequest({ file, request, accounts: [ACME], inUse: ACME, responses: new Map(), trusted, dotenv }),
    };
  };

  it('fills a request in from the .env, directly and through a file variable', async () => {
    const dotenv = await loadDotenv(at('api', 'tickets', 'r.zendesk'), [workspace]);
    const direct = send('GET /api/v2/groups/{{$dotenv GROUP}}/memberships.json\n', dotenv);
    assert.equal(direct.uses, true);
    assert.equal(direct.sent().target, '/api/v2/groups/360001/memberships.json');
    const through = send('@brand = {{$dotenv BRAND}}\nGET /api/v2/brands.json?name={{%brand}}\n', dotenv);
    assert.equal(through.uses, true);
    assert.equal(through.sent().target, '/api/v2/brands.json?name=Acme%20Support');
    assert.equal(send('GET /api/v2/tickets.json\n').uses, false, 'a request without $dotenv reads no .env');
  });

  it('says what is missing: the file, or the name in it', async () => {
    const dotenv = await loadDotenv(at('near', 'r.zendesk'), [workspace]);
    assert.throws(() => send('GET /api/v2/x/{{$dotenv BRAND}}\n', dotenv).sent(), /\.env has no line "BRAND=\.\.\."/);
    assert.throws(
      () => send('GET /api/v2/x/{{$dotenv GROUP}}\n').sent(),
      /there is no \.env file in the request file's folder or above it in the workspace/,
    );
  });

  it('is refused in an untrusted workspace, for a secret-looking name, and in a credential header', () => {
    const refused = (text: string, trusted: boolean): string[] =>
      parseRequestFile(text, { trusted }).diagnostics.map((d) => d.message);
    assert.match(refused('GET /api/v2/x/{{$dotenv GROUP}}\n', false).join(), /read only in a trusted workspace/);
    assert.match(refused('GET /api/v2/x?t={{$dotenv ZENDESK_API_TOKEN}}\n', true).join(), /looks like a secret/);
    assert.match(
      refused('GET /api/v2/x\nX-Zendesk-Token: {{$dotenv GROUP}}\n', true).join(),
      /Remove this X-Zendesk-Token header: it would send a value from your environment as a credential/,
    );
  });
});
