// Which way back from the browser to try first, decided once, from where VS Code runs.
import { LoopbackStrategy } from './loopback';
import { ManualStrategy } from './manual';
import { RelayStrategy } from './relay';
import type { RedirectStrategy, StrategyId } from './types';

export interface RedirectEnvironment {
  /** vscode.env.uiKind: the desktop app or VS Code in a browser (vscode.dev, code-server, Codespaces). */
  uiKind: 'desktop' | 'web';
  /**
   * vscode.env.remoteName: 'ssh-remote' | 'wsl' | 'dev-container' | 'attached-container' | 'codespaces' |
   * 'tunnel' | code-server's '127.0.0.1:PORT' | undefined (local).
   */
  remoteName?: string;
  /** zendesk.oauth.redirectMode */
  mode: 'auto' | StrategyId;
  /** zendesk.oauth.relayUrl; empty means not configured. */
  relayUrl?: string;
}

/**
 * Remotes whose forwarded-port URL changes per machine (`https://NAME-PORT.app.github.dev`,
 * `https://ID-PORT.REGION.devtunnels.ms`), so it cannot be registered at Zendesk in advance.
 */
const UNREGISTRABLE_FORWARDING = new Set(['codespaces', 'tunnel']);

/**
 * The ordered ways to try: the first is used, the rest are offered by "Having trouble? Try another way".
 * Pure: a function of the environment and the settings only.
 */
export function chooseStrategies(env: RedirectEnvironment): StrategyId[] {
  const relay = env.relayUrl ? (['relay'] as const) : [];
  let auto: StrategyId[];
  if (env.uiKind === 'desktop') {
    // The browser runs on the user's machine and asExternalUri forwards the remote port to a local
    // 127.0.0.1 port (SSH, WSL, containers, and Codespaces opened in the desktop app alike), so
    // loopback works with the URL registered once. The relay works too when configured.
    auto = ['loopback', ...relay, 'manual'];
  } else if (env.remoteName === undefined || UNREGISTRABLE_FORWARDING.has(env.remoteName)) {
    // In a browser without a Node extension host there is no loopback server to run; in Codespaces
    // and tunnels the forwarded URL differs per machine, so Zendesk would refuse it as an
    // unregistered redirect. Only the relay (one fixed registered page) and pasting work.
    auto = [...relay, 'manual'];
  } else {
    // A self-hosted server in a browser (code-server, openvscode-server): the relay first, as it
    // needs no per-server registration. Loopback next: the server's port proxy
    // (https://HOST/proxy/PORT/callback) is stable per server, so it works once that exact URL is
    // registered (the registration note says which).
    auto = [...relay, 'loopback', 'manual'];
  }
  if (env.mode === 'auto') return auto;
  // An explicit mode is honoured first (the user knows their setup), except the relay without a
  // page to relay through, which cannot start at all. The others that can work follow as fallbacks.
  if (env.mode === 'relay' && !env.relayUrl) return auto;
  return [env.mode, ...auto.filter((id) => id !== env.mode)];
}

/** A fresh strategy object. The loopback servers of one extension host are tracked by port whichever object started them. */
export function createStrategy(id: StrategyId): RedirectStrategy {
  switch (id) {
    case 'loopback':
      return new LoopbackStrategy();
    case 'relay':
      return new RelayStrategy();
    case 'manual':
      return new ManualStrategy();
  }
}
