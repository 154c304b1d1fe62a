// `npm run demo`: the extension for real, in a real VS Code (code-server 1.139.1), against the local Zendesk
// sandbox. Prints the URL to open; Ctrl+C stops everything. `--tickets N` sizes the sandbox (default 500).
import { freePort, newWorkspace, repoRoot, startCodeServer, workbenchUrl } from '../test/harness/codeServer';
import { FIXTURES, startSandbox } from '../test/sandbox';

async function main(): Promise<void> {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const sandbox = await startSandbox({ port: arg('sandbox-port', 0), tickets: arg('tickets', 500), seed: 1 });
  const loopbackPort = await freePort();
  const workspace = newWorkspace();
  const server = await startCodeServer({
    workspace,
    installExtensions: [repoRoot],
    settings: {
      // The sandbox account is set up already; "Zendesk: Sign In" goes straight to the browser.
      'zendesk.accounts': [{ subdomain: sandbox.subdomain, clientId: FIXTURES.publicClient.identifier, clientKind: 'public', scopes: ['read', 'write'], baseUrl: sandbox.url }],
    },
    machineSettings: { 'zendesk.oauth.loopbackPort': loopbackPort },
  });
  sandbox.admin.registerRedirectUri(FIXTURES.publicClient.identifier, `${server.url}/proxy/${loopbackPort}/callback`);
  sandbox.admin.registerRedirectUri(FIXTURES.publicClient.identifier, `http://127.0.0.1:${loopbackPort}/callback`);
  console.log(`
Zendesk for VS Code, demo
  VS Code (code-server 1.139.1): ${workbenchUrl(server, { workspace })}
  Zendesk sandbox:               ${sandbox.url} (subdomain "${sandbox.subdomain}")
  Sign in as:                    ${FIXTURES.users.agent} / ${FIXTURES.password} (also ${FIXTURES.users.admin}, ${FIXTURES.users.readonly})
  Open the VS Code URL in a browser on this machine, then click "Zendesk: Sign In" in the status bar.
  Ctrl+C stops the demo.`);
  const stop = async () => {
    await server.stop();
    await sandbox.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  console.error(`demo failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
