/**
 * Runs the sandbox from the command line: node out/test/sandbox/cli.js --port 4010 --tickets 500
 * (npm run sandbox -- ...). Prints its URL and the seeded credentials; stops on SIGINT/SIGTERM.
 */
import { FIXTURES, startSandbox, SandboxOptions } from './index';

const HELP = `Local Zendesk sandbox (test-only; not Zendesk)

Usage: node out/test/sandbox/cli.js [options]

  --port N            port on 127.0.0.1 (default 0: any free port)
  --host H            interface to bind (default 127.0.0.1)
  --tickets N         seeded tickets (default 10000)
  --seed N            data seed; the same seed gives the same data (default 1)
  --subdomain S       account subdomain (default ${FIXTURES.subdomain})
  --redirect-uri URL  extra redirect URL on both seeded clients (repeatable)
  --rate-limit N      API requests per minute for the account (default 700)
  --token-ttl N       access-token lifetime when the client sends no expires_in (default 1800)
  --no-custom-statuses  an account without custom ticket statuses
  --help              this text

Fixtures (all users have the password "${FIXTURES.password}"):
  users             ${FIXTURES.users.admin} (admin, owns the confidential client)
                    ${FIXTURES.users.agent} (agent)
                    ${FIXTURES.users.readonly} (agent who may not edit tickets)
                    ${FIXTURES.users.customer} (end user)
  OAuth clients     ${FIXTURES.confidentialClient.identifier} (confidential, secret "${FIXTURES.confidentialClient.secret}")
                    ${FIXTURES.publicClient.identifier} (public, PKCE required)
  redirect URL      ${FIXTURES.defaultRedirectUri} (plus every --redirect-uri)

Endpoints: /oauth/authorizations/new, /oauth/tokens, /api/v2/... and the test controls under /__sandbox/
(loopback only). See test/sandbox/README.md.
`;

function parse(argv: string[]): SandboxOptions | 'help' {
  const opts: SandboxOptions = { port: 0 };
  const redirectUris: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (flag === '--help' || flag === '-h') return 'help';
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = (): number => {
      const v = value();
      if (!/^\d+$/.test(v)) throw new Error(`${flag} needs a whole number, got ${v}`);
      return Number(v);
    };
    switch (flag) {
      case '--port':
        opts.port = int();
        break;
      case '--host':
        opts.host = value();
        break;
      case '--tickets':
        opts.tickets = int();
        break;
      case '--seed':
        opts.seed = int();
        break;
      case '--subdomain':
        opts.subdomain = value();
        break;
      case '--redirect-uri':
        redirectUris.push(value());
        break;
      case '--rate-limit':
        opts.rateLimitPerMinute = int();
        break;
      case '--token-ttl':
        opts.accessTokenTtlSeconds = int();
        break;
      case '--no-custom-statuses':
        opts.customStatuses = false;
        break;
      default:
        throw new Error(`unknown option ${arg} (see --help)`);
    }
  }
  return { ...opts, redirectUris };
}

async function main(): Promise<void> {
  let opts: SandboxOptions | 'help';
  try {
    opts = parse(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
    return;
  }
  if (opts === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const started = Date.now();
  const sandbox = await startSandbox(opts);
  process.stdout.write(
    [
      `Zendesk sandbox listening on ${sandbox.url} (subdomain ${sandbox.subdomain}, ${opts.tickets ?? 10_000} tickets, seed ${opts.seed ?? 1}, started in ${Date.now() - started} ms)`,
      `  sign in as   ${Object.values(FIXTURES.users).join(', ')} (password "${FIXTURES.password}")`,
      `  clients      ${FIXTURES.confidentialClient.identifier} (secret "${FIXTURES.confidentialClient.secret}"), ${FIXTURES.publicClient.identifier} (public, PKCE)`,
      `  redirect     ${[FIXTURES.defaultRedirectUri, ...(opts.redirectUris ?? [])].join(', ')}`,
      `  authorize    ${sandbox.url}/oauth/authorizations/new`,
      `  token        ${sandbox.url}/oauth/tokens`,
      `  API          ${sandbox.url}/api/v2`,
      `  controls     ${sandbox.url}/__sandbox/ (see test/sandbox/README.md)`,
      '',
    ].join('\n'),
  );
  const stop = (signal: string): void => {
    process.stdout.write(`\n${signal}: stopping the sandbox\n`);
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

void main();
