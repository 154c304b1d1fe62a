// The request files REST Client, httpYac and JetBrains users already have (test/fixtures/peer-http, copied with its
// PROVENANCE.md from those projects' docs and test suites), read by the parser as a new user would try them. Each
// request's expected outcome below says what its source project's docs say it means (method, target, headers,
// body); the test fails on a request read differently (a misread), and lists each refusal with its reason.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseRequestFile, variablesOf, type ParsedFile, type ParsedRequest } from '../../../src/requests/parser';
import { fill } from '../../../src/requests/variables';
import { findRoot } from '../../support/repoRoot';

const CORPUS = path.join(findRoot(), 'test', 'fixtures', 'peer-http');
const ACCOUNT = 'https://acme.zendesk.com';

/**
 * The one change PROVENANCE.md records: another API's origin on a request line becomes a relative path (the
 * account's origin when a `/path` line continues it), in a variable's value the test account's origin, and a
 * `Host:` header's value the account's host.
 */
export function toAccount(text: string): string {
  const lines = text.split('\n');
  const ORIGIN = /^(?:https?:\/\/)(?:[^/\s?#]+)/i;
  return lines
    .map((line, i) => {
      const variable = /^(@[^=]*=\s*)(https?:\/\/[^/\s]+)(.*)$/.exec(line);
      if (variable) return `${variable[1]}${ACCOUNT}${variable[3]}`;
      if (/^\s*host\s*:/i.test(line)) return line.replace(/:.*$/, ': acme.zendesk.com');
      const m = /^(\s*(?:[A-Z]+\s+)?)(https?:\/\/\S+)(.*)$/.exec(line);
      if (!m) return line;
      const rest = m[2].replace(ORIGIN, '');
      const continued = /^\s+\//.test(lines[i + 1] ?? '');
      return `${m[1]}${rest === '' ? (continued ? ACCOUNT : '/') : rest}${m[3]}`;
    })
    .join('\n');
}

/** What a request means in its source project, as sent here. */
interface Meant {
  method: string;
  target: string;
  headers?: Record<string, string>;
  body?: string;
  /** `< ./file`: the body is that file's content. */
  bodyFile?: string;
  /** What is sent: its file variables filled in as this request sees them (httpYac's scopes), escapes undone. */
  sent?: { target: string; body?: string };
}

type Outcome =
  /** Sent as meant; `tolerate`: warnings about directives handled elsewhere (`# @ref`, sent first at send time). */
  | { read: Meant; tolerate?: RegExp }
  /** Sent as meant, with a warning saying what is left out. */
  | { warned: Meant; because: RegExp }
  /** Not sent, with a diagnostic saying why. */
  | { refused: RegExp }
  /** Syntax that lands with the sending side of issue 22 (`< ./file` bodies, `# @prompt`): refused with `refused`
   * until then, and read exactly as `meant` once it is there. Never misread either way. */
  | { pending: 'bodyFile' | 'prompt'; refused: RegExp; meant: Meant };

/** Per file, each request in the peer's reading, in order (reviewed against each project's docs; see PROVENANCE.md). */
// prettier-ignore
const EXPECTED: Record<string, Outcome[]> = {
  'restclient/01-usage-request-line-only.http': [
    { read: {"method":"GET","target":"/comments/1"} },
  ],
  'restclient/02-usage-post-json.http': [
    { read: {"method":"POST","target":"/comments","headers":{"content-type":"application/json"},"body":"{\n    \"name\": \"sample\",\n    \"time\": \"Wed, 21 Oct 2015 18:27:50 GMT\"\n}"} },
  ],
  'restclient/03-select-request-text.http': [
    { read: {"method":"GET","target":"/comments/1"} },
    { read: {"method":"GET","target":"/topics/1"} },
    { read: {"method":"POST","target":"/comments","headers":{"content-type":"application/json"},"body":"{\n    \"name\": \"sample\",\n    \"time\": \"Wed, 21 Oct 2015 18:27:50 GMT\"\n}"} },
  ],
  'restclient/04-request-line-with-version.http': [
    { read: {"method":"GET","target":"/comments/1"} },
  ],
  'restclient/05-request-line-without-version.http': [
    { read: {"method":"GET","target":"/comments/1"} },
  ],
  'restclient/07-query-string.http': [
    { read: {"method":"GET","target":"/comments?page=2&pageSize=10"} },
  ],
  'restclient/08-query-string-multiline.http': [
    { read: {"method":"GET","target":"/comments?page=2&pageSize=10"} },
  ],
  'restclient/09-body-xml.http': [
    { refused: /Remove this Authorization header/ },
  ],
  'restclient/10-body-file-absolute.http': [
    { refused: /Remove this Authorization header/ },
  ],
  'restclient/11-body-file-relative.http': [
    { refused: /Remove this Authorization header/ },
  ],
  'restclient/12-body-file-with-variables.http': [
    { refused: /Remove this Authorization header/ },
  ],
  'restclient/13-body-file-encoding.http': [
    { refused: /Remove this Authorization header/ },
  ],
  'restclient/14-body-multipart.http': [
    { refused: /multipart bodies are not supported/ },
  ],
  'restclient/15-body-form-urlencoded.http': [
    { read: {"method":"POST","target":"/login","headers":{"Content-Type":"application/x-www-form-urlencoded"},"body":"name=foo&password=bar"} },
  ],
  'restclient/16-graphql.http': [
    { refused: /Remove this Authorization header/ },
  ],
  'restclient/17-basic-auth-raw.http': [
    { refused: /Remove this Authorization header/ },
  ],
  'restclient/18-basic-auth-base64.http': [
    { refused: /Remove this Authorization header/ },
  ],
  'restclient/19-basic-auth-space.http': [
    { refused: /Remove this Authorization header/ },
  ],
  'restclient/20-digest-auth.http': [
    { refused: /Remove this Authorization header/ },
  ],
  'restclient/21-aws-signature.http': [
    { refused: /Remove this Authorization header/ },
  ],
  'restclient/22-aws-cognito.http': [
    { refused: /Remove this Authorization header/ },
  ],
  'restclient/23-environment-variables.http': [
    { refused: /Remove this Authorization header/ },
  ],
  'restclient/24-file-variables.http': [
    { read: {"method":"GET","target":"/authors/{{%name}}"} },
    { read: {"method":"PATCH","target":"/authors/{{%name}}","headers":{"Content-Type":"{{contentType}}"},"body":"{\n    \"content\": \"foo bar\",\n    \"created_at\": \"{{createdAt}}\",\n    \"modified_by\": \"{{modifiedBy}}\"\n}"} },
  ],
  'restclient/25-prompt-variables.http': [
    {
      pending: 'prompt',
      refused: /\{\{refCode\}\} is not defined/,
      meant: {
        method: 'POST',
        target: '/verify-otp/{{refCode}}',
        headers: { 'Content-Type': '{{contentType}}' },
        body: '{\n    "username": "{{username}}",\n    "otp": "{{otp}}"\n}',
      },
    },
  ],
  'restclient/26-request-variables.http': [
    { read: {"method":"POST","target":"{{baseUrl}}/api/login","headers":{"Content-Type":"application/x-www-form-urlencoded"},"body":"name=foo&password=bar"} },
    { refused: /Remove this Authorization header/ },
    { refused: /Remove this Authorization header/ },
    { read: {"method":"GET","target":"{{baseUrl}}/comments/{{commentId}}/replies","headers":{"Accept":"application/xml"}} },
    { refused: /\{\{getReplies/ },
  ],
  'restclient/27-processenv.http': [
    { refused: /Remove this Authorization header/ },
  ],
  'restclient/28-processenv-indirect.http': [
    { refused: /Remove this Authorization header/ },
  ],
  'restclient/29-system-variables.http': [
    { refused: /Remove the Date header/ },
  ],
  'httpyac/docs-intellij-postrequestscript.http': [
    { refused: /Response handlers \("> \{% / },
  ],
  'httpyac/docs-metaData-description_comment.http': [
    { read: {"method":"GET","target":"/json"} },
  ],
  'httpyac/docs-metaData-name.http': [
    { read: {"method":"GET","target":"/json"} },
    { read: {"method":"POST","target":"/anything","body":"{{json.slideshow.author}}"}, tolerate: /@ref is not supported/ },
  ],
  'httpyac/docs-metaData-noRedirect.http': [
    { read: {"method":"GET","target":"/absolute-redirect/2"} },
  ],
  'httpyac/docs-metaData-note.http': [
    { warned: {"method":"DELETE","target":"/anything"}, because: /@note is not shown here/ },
  ],
  'httpyac/docs-metaData-ref.http': [
    { read: {"method":"GET","target":"/anything?id={{$guid}}"} },
    { read: {"method":"POST","target":"/anything","body":"{{json.args.id}}"}, tolerate: /@ref is not supported/ },
    { read: {"method":"POST","target":"/anything","body":"{{json.args.id}}"}, tolerate: /@forceRef is not supported/ },
  ],
  'httpyac/docs-metaData-region_separator.http': [
    { read: {"method":"GET","target":"/xml"} },
    { read: {"method":"GET","target":"/json"} },
    { read: {"method":"GET","target":"/xml"} },
  ],
  'httpyac/docs-metaData-title_shorthand.http': [
    { read: {"method":"GET","target":"/json"} },
  ],
  'httpyac/docs-project-http-requestAndResponse.http': [
    { warned: {"method":"GET","target":"/json"}, because: /An example response written in the file is not sent, and is / },
    { read: {"method":"GET","target":"/json"} },
  ],
  'httpyac/docs-project-tests-variables.http': [
    { read: {"method":"GET","target":"{{baseUrl}}","sent":{"target":"https://acme.zendesk.com/path1"}} },
    { read: {"method":"GET","target":"{{baseUrl}}","sent":{"target":"https://acme.zendesk.com/path2"}} },
  ],
  'httpyac/docs-request-cookie.http': [
    { refused: /Remove the Cookie header/ },
  ],
  'httpyac/docs-request-graphql-graphql.http': [
    { refused: /GraphQL requests are not supported/ },
  ],
  'httpyac/docs-request-headers.http': [
    { refused: /Remove this Authorization header/ },
  ],
  'httpyac/docs-request-queryString.http': [
    { read: {"method":"GET","target":"/anything?q=httpyac"} },
  ],
  'httpyac/docs-request-queryStringMultiline.http': [
    { read: {"method":"GET","target":"/anything?q=httpyac&ie=UTF-8"} },
  ],
  'httpyac/docs-request-requestBody-multipartFormData.http': [
    { refused: /multipart bodies are not supported/ },
  ],
  'httpyac/docs-request-requestBody-requestBody.http': [
    { read: {"method":"POST","target":"/anything","headers":{"Content-Type":"application/x-www-form-urlencoded"},"body":"grant_type=client_credentials"} },
  ],
  'httpyac/docs-request-requestBody-requestBodyImport.http': [
    {
      pending: 'bodyFile',
      refused: /The body is text, not JSON/,
      meant: { method: 'POST', target: '/anything', headers: { 'Content-Type': 'application/json' }, bodyFile: './requestBodyImport.json' },
    },
  ],
  'httpyac/docs-request-requestBody-requestBodyImportReplace.http': [
    {
      pending: 'bodyFile',
      refused: /The body is text, not JSON/,
      meant: { method: 'POST', target: '/anything', headers: { 'Content-Type': 'application/json' }, bodyFile: './requestBodyImport.json' },
    },
  ],
  'httpyac/docs-request-requestBody-requestBodyJson.http': [
    { read: {"method":"POST","target":"/anything","headers":{"Content-Type":"application/json"},"body":"{\n  \"test\": \"foo\",\n  \"sub\": {\n    \"foo\": \"bar\"\n  }\n}"} },
  ],
  'httpyac/docs-request-requestline.http': [
    { read: {"method":"GET","target":"/"} },
    { read: {"method":"GET","target":"/"} },
    { read: {"method":"GET","target":"/"} },
  ],
  'httpyac/docs-request-requestlineHttpVersion.http': [
    { read: {"method":"GET","target":"/"} },
    { read: {"method":"GET","target":"/"} },
    { read: {"method":"GET","target":"/"} },
  ],
  'httpyac/docs-request-requestlineMultiline.http': [
    { read: {"method":"GET","target":"https://acme.zendesk.com/get"} },
  ],
  'httpyac/docs-script-postRequestScript.http': [
    { refused: /Scripts \("\{\{" on a line of their own, as in httpYac\) are not/ },
  ],
  'httpyac/docs-script-responseAccess.http': [
    { refused: /Scripts \("\{\{" on a line of their own, as in httpYac\) are not/ },
    { refused: /\{\{response/ },
  ],
  'httpyac/docs-variables-escapeVariableSubstitution.http': [
    { read: {"method":"POST","target":"/anything","body":"{\n  \"template\": \"My \\{\\{someVerb\\}\\} template!!\"\n}","sent":{"target":"/anything","body":"{\n  \"template\": \"My {{someVerb}} template!!\"\n}"}} },
  ],
  'httpyac/docs-variables-host.http': [
    { read: {"method":"GET","target":"/anything?q=1"} },
    { read: {"method":"GET","target":"/anything?q=2"} },
  ],
  'httpyac/docs-variables-input.http': [
    { refused: /\{\{\$input input app\? \$value/ },
  ],
  'httpyac/docs-variables-variables.http': [
    { read: {"method":"GET","target":"/anything?q={{foo}}"} },
  ],
  'httpyac/docs-variables-variablesDefinition.http': [
    { read: {"method":"GET","target":"/anything?q={{fooExtended}}"} },
  ],
  'httpyac/docs-variables-variablesLazy.http': [
    { read: {"method":"GET","target":"/anything?foo={{foo}}","sent":{"target":"/anything?foo=foobar"}} },
    { warned: {"method":"GET","target":"/anything?foo={{foo}}","sent":{"target":"/anything?foo=foobar2"}}, because: /@name=result is not supported here/ },
  ],
  'httpyac/spec-http-form-urlencoded.http': [
    { read: {"method":"POST","target":"/post","headers":{"content-type":"application/x-www-form-urlencoded"},"body":"grant_type=client_credentials&client_id={{clientId}}&client_secret={{clientSecret}}"} },
  ],
  'httpyac/spec-http-get-headers.http': [
    { refused: /Remove this Authorization header/ },
  ],
  'httpyac/spec-http-get-multiline.http': [
    { read: {"method":"GET","target":"/bar?test=foo"} },
  ],
  'httpyac/spec-intellij-pre-request-script.http': [
    { refused: /Pre-request scripts \("< \{% / },
  ],
  'httpyac/spec-metadata-name-ref.http': [
    { read: {"method":"GET","target":"/json"} },
    { refused: /The body is text, not JSON/ },
    { refused: /The body is text, not JSON/ },
  ],
  'httpyac/spec-metadata-noredirect.http': [
    { read: {"method":"GET","target":"/redirect"} },
  ],
  'httpyac/spec-variables-file-variables.http': [
    { read: {"method":"GET","target":"/json?bar={{bar}}"} },
  ],
  'httpyac/spec-variables-set-string-variable.http': [
    { read: {"method":"GET","target":"/test"} },
    { read: {"method":"GET","target":"/test?author={{slideshow}}"}, tolerate: /@ref is not supported/ },
  ],
  'jetbrains/01-example-request.http': [
    { refused: /The body has typographic quotes \(“ ”\)/ },
  ],
  'jetbrains/02-requests-file.http': [
    { read: {"method":"GET","target":"/"} },
    { read: {"method":"GET","target":"/"} },
  ],
  'jetbrains/03-request-sections.http': [
    { refused: /Response handlers \("> \{% / },
  ],
  'jetbrains/04-request-line-url-only.http': [
    { read: {"method":"GET","target":"/"} },
  ],
  'jetbrains/05-request-line-with-version.http': [
    { read: {"method":"GET","target":"/"} },
  ],
  'jetbrains/06-origin-form-host-header.http': [
    { refused: /Remove the Host header/ },
  ],
  'jetbrains/07-absolute-form.http': [
    { read: {"method":"GET","target":"/api/get"} },
  ],
  'jetbrains/08-asterisk-form.http': [
    { refused: /OPTIONS is not sent/ },
  ],
  'jetbrains/09-query.http': [
    { read: {"method":"GET","target":"/api/get?id=42"} },
  ],
  'jetbrains/10-fragment.http': [
    { warned: {"method":"GET","target":"/api/get"}, because: /"#q=hello\+world" is not sent/ },
  ],
  'jetbrains/11-headers.http': [
    { refused: /Remove the From header/ },
  ],
  'jetbrains/12-body-inline.http': [
    { refused: /The body has typographic quotes \(“ ”\)/ },
  ],
  'jetbrains/13-body-file.http': [
    {
      pending: 'bodyFile',
      refused: /The body is text, not JSON/,
      meant: { method: 'POST', target: '/api/add', headers: { 'Content-Type': 'application/json' }, bodyFile: './input.json' },
    },
  ],
  'jetbrains/14-multipart.http': [
    { refused: /multipart bodies are not supported/ },
  ],
  'jetbrains/15-response-handler.http': [
    { refused: /Response handlers \("> \{% / },
  ],
  'jetbrains/16-response-ref.http': [
    { refused: /Response references \("<> file"\) are not read here/ },
  ],
  'jetbrains/17-environment-variables.http': [
    { refused: /\{\{element-id\}\} is not defined/ },
  ],
  'jetbrains/18-multiline-path.http': [
    { read: {"method":"GET","target":"/api/get"} },
  ],
  'jetbrains/19-multiline-path-encoded.http': [
    { read: {"method":"GET","target":"/%20api%20+/get+"} },
  ],
  'jetbrains/20-body-whitespace.http': [
    { refused: /The body is text, not JSON/ },
  ],
  'jetbrains/21-body-file-separator.http': [
    {
      pending: 'bodyFile',
      refused: /The body is text, not JSON/,
      meant: { method: 'POST', target: '/add', bodyFile: 'input.txt' },
    },
  ],
};

function observed(r: ParsedRequest, parsed: ParsedFile, sent: boolean): Meant {
  const out: Meant = { method: r.method ?? '?', target: r.target ?? '?' };
  if (sent) {
    const variables = new Map([...variablesOf(parsed.variables, r.index)].map(([name, v]) => [name, v.value]));
    const me = { id: 7, email: 'ann@acme.test', name: 'Ann' };
    const ctx = { subdomain: 'acme', me, fileVariables: variables, responses: new Map() };
    out.sent = { target: fill(out.target, ctx) };
    if (r.body !== undefined) out.sent.body = fill(r.body, ctx);
  }
  if (r.headers.length) out.headers = Object.fromEntries(r.headers.map((h) => [h.name, h.value]));
  if (r.body !== undefined) out.body = r.body;
  const file = (r as { bodyFile?: { path: string } }).bodyFile;
  if (file) out.bodyFile = file.path;
  return out;
}

function files(): string[] {
  return ['restclient', 'httpyac', 'jetbrains'].flatMap((dir) =>
    fs
      .readdirSync(path.join(CORPUS, dir))
      .filter((f) => f.endsWith('.http'))
      .sort()
      .map((f) => `${dir}/${f}`),
  );
}

describe('request files from REST Client, httpYac and JetBrains (test/fixtures/peer-http)', () => {
  const counts = { read: 0, warned: 0, refused: 0 };
  const refusals: string[] = [];

  it('has an expected outcome for every file in the corpus, and none for a file that is not there', () => {
    assert.deepEqual(Object.keys(EXPECTED).sort(), files().sort());
  });

  for (const file of files()) {
    it(file, () => {
      const text = toAccount(fs.readFileSync(path.join(CORPUS, file), 'utf8'));
      const parsed = parseRequestFile(text, { trusted: true });
      const expected = EXPECTED[file] ?? [];
      const dump = JSON.stringify(
        parsed.requests.map((r) => ({
          ...observed(r, parsed, false),
          diagnostics: r.diagnostics.map((d) => `${d.severity} ${d.line}:${d.start}-${d.end} ${d.message}`),
        })),
        null,
        1,
      );
      assert.equal(parsed.requests.length, expected.length, `requests in ${file}:\n${dump}`);
      parsed.requests.forEach((r, i) => {
        const e = expected[i];
        const errors = r.diagnostics.filter((d) => d.severity === 'error');
        const warnings = r.diagnostics.filter((d) => d.severity === 'warning');
        if ('refused' in e && (!('pending' in e) || errors.length > 0)) {
          assert.ok(errors.length > 0, `${file} #${i} was to be refused, and reads as ${dump}`);
          assert.ok(
            errors.some((d) => e.refused.test(d.message)),
            `${file} #${i} refused for another reason:\n${dump}`,
          );
          counts.refused++;
          refusals.push(`${file} #${i}: ${errors.map((d) => d.message).join(' | ')}`);
          return;
        }
        // Sent: it must be read exactly as its source project means it.
        assert.deepEqual(errors, [], `${file} #${i} refused:\n${dump}`);
        const meant = 'read' in e ? e.read : 'warned' in e ? e.warned : (e as { meant: Meant }).meant;
        assert.deepEqual(observed(r, parsed, meant.sent !== undefined), meant, `${file} #${i} misread:\n${dump}`);
        if ('warned' in e) {
          assert.ok(
            warnings.some((d) => e.because.test(d.message)),
            `${file} #${i} lacks its warning:\n${dump}`,
          );
          counts.warned++;
          return;
        }
        const tolerate = 'tolerate' in e ? e.tolerate : undefined;
        assert.deepEqual(
          warnings.filter((d) => !tolerate?.test(d.message)),
          [],
          `${file} #${i} warned:\n${dump}`,
        );
        if (warnings.length) counts.warned++;
        else counts.read++;
      });
    });
  }

  after(() => {
    // The report the issue asks for: how many requests are read as meant, warned, refused (and why); misread is 0
    // whenever this suite passes.
    console.log(
      `    peer files: ${counts.read} read as meant, ${counts.warned} with a warning, ${counts.refused} refused, 0 misread`,
    );
    if (process.env.ZD_PEER_REFUSALS) for (const line of refusals) console.log(`      ${line}`);
  });
});
