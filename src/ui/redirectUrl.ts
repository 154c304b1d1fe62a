// The redirect URL to register on the OAuth client in Zendesk: the one the next sign-in will send, chosen and
// computed by the same code the sign-in uses (the strategy chooser, the loopback URL through asExternalUri, the
// checked relay URL). No `vscode` import: unit-tested in plain Node.
import {
  chooseStrategies,
  loopbackRedirectUri,
  type RedirectEnvironment,
  type RedirectHost,
  type StrategyId,
} from '../auth/redirect';
import { checkRelayUrl } from '../auth/redirect/relay';

export interface RedirectUrlToRegister {
  url: string;
  strategy: StrategyId;
}

export async function redirectUrlToRegister(
  env: RedirectEnvironment,
  config: { loopbackPort: number; relayUrl?: string },
  host: Pick<RedirectHost, 'asExternalUri'>,
): Promise<RedirectUrlToRegister> {
  const strategy = chooseStrategies(env)[0];
  switch (strategy) {
    case 'relay':
      return { url: checkRelayUrl(config.relayUrl), strategy };
    case 'loopback':
      // Over Remote and in code-server, VS Code forwards the port: the forwarded URL is what Zendesk sees.
      return { url: await host.asExternalUri(loopbackRedirectUri(config.loopbackPort)), strategy };
    case 'manual':
      // The browser lands on the plain loopback URL and the user pastes the address: nothing is forwarded.
      return { url: loopbackRedirectUri(config.loopbackPort), strategy };
  }
}
