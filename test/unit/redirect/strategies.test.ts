import assert from 'node:assert/strict';
import { chooseStrategies, createStrategy, type RedirectEnvironment } from '../../../src/auth/redirect/strategies';
import type { StrategyId } from '../../../src/auth/redirect/types';

const RELAY = 'https://relay.example.com/zendesk/relay.html';

describe('redirect: chooseStrategies', () => {
  const table: Array<[string, RedirectEnvironment, StrategyId[]]> = [
    ['desktop, local', { uiKind: 'desktop', mode: 'auto' }, ['loopback', 'manual']],
    [
      'desktop, local, relay configured',
      { uiKind: 'desktop', mode: 'auto', relayUrl: RELAY },
      ['loopback', 'relay', 'manual'],
    ],
    ['desktop, ssh-remote', { uiKind: 'desktop', remoteName: 'ssh-remote', mode: 'auto' }, ['loopback', 'manual']],
    ['desktop, wsl', { uiKind: 'desktop', remoteName: 'wsl', mode: 'auto' }, ['loopback', 'manual']],
    [
      'desktop, dev-container',
      { uiKind: 'desktop', remoteName: 'dev-container', mode: 'auto' },
      ['loopback', 'manual'],
    ],
    [
      'desktop, attached-container, relay',
      { uiKind: 'desktop', remoteName: 'attached-container', mode: 'auto', relayUrl: RELAY },
      ['loopback', 'relay', 'manual'],
    ],
    [
      'desktop, codespaces (port forwarded to this machine)',
      { uiKind: 'desktop', remoteName: 'codespaces', mode: 'auto' },
      ['loopback', 'manual'],
    ],
    [
      'web, codespaces, relay',
      { uiKind: 'web', remoteName: 'codespaces', mode: 'auto', relayUrl: RELAY },
      ['relay', 'manual'],
    ],
    ['web, codespaces, no relay', { uiKind: 'web', remoteName: 'codespaces', mode: 'auto' }, ['manual']],
    ['web, tunnel, relay', { uiKind: 'web', remoteName: 'tunnel', mode: 'auto', relayUrl: RELAY }, ['relay', 'manual']],
    [
      'web, code-server, relay',
      { uiKind: 'web', remoteName: '127.0.0.1:8080', mode: 'auto', relayUrl: RELAY },
      ['relay', 'loopback', 'manual'],
    ],
    [
      'web, code-server, no relay',
      { uiKind: 'web', remoteName: '127.0.0.1:8080', mode: 'auto' },
      ['loopback', 'manual'],
    ],
    ['web, no remote (vscode.dev), relay', { uiKind: 'web', mode: 'auto', relayUrl: RELAY }, ['relay', 'manual']],
    ['web, no remote, no relay', { uiKind: 'web', mode: 'auto' }, ['manual']],
    [
      'explicit loopback in web codespaces',
      { uiKind: 'web', remoteName: 'codespaces', mode: 'loopback', relayUrl: RELAY },
      ['loopback', 'relay', 'manual'],
    ],
    [
      'explicit relay on desktop',
      { uiKind: 'desktop', mode: 'relay', relayUrl: RELAY },
      ['relay', 'loopback', 'manual'],
    ],
    [
      'explicit relay without relayUrl falls back to auto',
      { uiKind: 'desktop', mode: 'relay' },
      ['loopback', 'manual'],
    ],
    [
      'explicit relay, empty relayUrl',
      { uiKind: 'web', remoteName: '127.0.0.1:8080', mode: 'relay', relayUrl: '' },
      ['loopback', 'manual'],
    ],
    [
      'explicit manual on desktop',
      { uiKind: 'desktop', mode: 'manual', relayUrl: RELAY },
      ['manual', 'loopback', 'relay'],
    ],
    [
      'explicit manual in code-server',
      { uiKind: 'web', remoteName: '127.0.0.1:8080', mode: 'manual' },
      ['manual', 'loopback'],
    ],
  ];
  for (const [name, env, expected] of table) {
    it(name, () => assert.deepEqual(chooseStrategies(env), expected));
  }

  it('never offers relay without relayUrl and always offers manual, last unless chosen explicitly', () => {
    for (const uiKind of ['desktop', 'web'] as const) {
      for (const remoteName of [
        undefined,
        'ssh-remote',
        'wsl',
        'dev-container',
        'codespaces',
        'tunnel',
        '127.0.0.1:8080',
      ]) {
        for (const mode of ['auto', 'loopback', 'relay', 'manual'] as const) {
          for (const relayUrl of [undefined, RELAY]) {
            const list = chooseStrategies({ uiKind, remoteName, mode, relayUrl });
            assert.equal(new Set(list).size, list.length, 'no duplicates');
            if (!relayUrl) assert.ok(!list.includes('relay'));
            assert.ok(list.includes('manual'));
            if (mode !== 'manual') assert.equal(list.at(-1), 'manual');
            else assert.equal(list[0], 'manual');
          }
        }
      }
    }
  });

  it('createStrategy gives each strategy with its id, label and description', () => {
    for (const id of ['loopback', 'relay', 'manual'] as const) {
      const s = createStrategy(id);
      assert.equal(s.id, id);
      assert.ok(s.label.length > 0 && s.description.length > 0);
    }
  });
});
