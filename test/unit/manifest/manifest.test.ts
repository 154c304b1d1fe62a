import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  Commands,
  ContextKeys,
  PROVIDER_ID,
  RequestCommands,
  RequestSettings,
  Settings,
  Views,
} from '../../../src/constants';
import { findRoot } from '../../support/repoRoot';

const root = findRoot();
// As VS Code reads it: the %key% placeholders filled in from package.nls.json (English).
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'), (_k, v: unknown) =>
  typeof v === 'string' && /^%[^%\s]+%$/.test(v) ? (nls[v.slice(1, -1)] ?? v) : v,
);
const contributes = pkg.contributes;
const commandIds: string[] = contributes.commands.map((c: { command: string }) => c.command);

function version(v: string): number[] {
  return v
    .replace(/^[\^~]/, '')
    .split('.')
    .map(Number);
}

describe('package.json', () => {
  it('targets a VS Code floor no newer than 1.139, with @types/vscode equal to it', () => {
    const floor = version(pkg.engines.vscode);
    assert.ok(floor[0] === 1 && floor[1] <= 139, `engines.vscode ${pkg.engines.vscode} is newer than 1.139`);
    assert.deepEqual(version(pkg.devDependencies['@types/vscode']), floor);
    const installed = JSON.parse(
      fs.readFileSync(path.join(root, 'node_modules/@types/vscode/package.json'), 'utf8'),
    ).version;
    assert.deepEqual(version(installed), floor, 'the installed @types/vscode differs from the floor');
  });

  it('names the extension and ships the bundle, the icon and both extension kinds', () => {
    assert.equal(pkg.displayName, 'Zendesk');
    for (const k of ['name', 'description', 'publisher', 'version', 'license', 'repository']) {
      assert.ok(pkg[k], `${k} is missing`);
    }
    assert.equal(pkg.main, './dist/extension.js');
    assert.deepEqual(pkg.extensionKind, ['ui', 'workspace']);
    assert.ok(fs.existsSync(path.join(root, pkg.icon)), `icon ${pkg.icon} is missing`);
  });

  it('wakes up for other extensions\' getSession and at startup, never on "*"', () => {
    assert.ok(pkg.activationEvents.includes(`onAuthenticationRequest:${PROVIDER_ID}`));
    assert.ok(pkg.activationEvents.includes('onStartupFinished'));
    assert.ok(!pkg.activationEvents.includes('*'));
  });

  it('contributes the zendesk authentication provider', () => {
    assert.deepEqual(contributes.authentication, [{ id: PROVIDER_ID, label: 'Zendesk' }]);
  });

  it('contributes the activity bar container, the tickets tree and a signed-out welcome with a sign-in button', () => {
    const container = contributes.viewsContainers.activitybar.find((c: { id: string }) => c.id === Views.container);
    assert.ok(container, 'no zendesk view container');
    assert.ok(fs.existsSync(path.join(root, container.icon)), `container icon ${container.icon} is missing`);
    assert.ok(contributes.views[Views.container].some((v: { id: string }) => v.id === Views.tickets));
    const welcome = contributes.viewsWelcome.find((w: { view: string }) => w.view === Views.tickets);
    assert.match(welcome.contents, /\[Sign in to Zendesk\]\(command:zendesk\.signIn\)/);
    assert.equal(welcome.when, '!zendesk.signedIn');
  });

  it('gives every command the Zendesk category and matches the command ids in src/constants.ts', () => {
    for (const c of contributes.commands) assert.equal(c.category, 'Zendesk', `${c.command} has no Zendesk category`);
    for (const t of ['Sign In', 'Sign Out', 'Refresh Tickets']) {
      assert.ok(
        contributes.commands.some((c: { title: string }) => c.title === t),
        `no "${t}" command`,
      );
    }
    assert.deepEqual([...commandIds].sort(), [...Object.values(Commands), ...Object.values(RequestCommands)].sort());
  });

  it('refers only to contributed commands from menus and welcome links', () => {
    const referenced = [
      ...Object.values(contributes.menus as Record<string, { command: string }[]>)
        .flat()
        .map((m) => m.command),
      ...[
        ...contributes.viewsWelcome
          .map((w: { contents: string }) => w.contents)
          .join('\n')
          .matchAll(/command:([\w.]+)/g),
      ].map((m) => m[1]),
    ];
    for (const c of referenced) assert.ok(commandIds.includes(c), `${c} is referenced but not contributed`);
  });

  it('keeps every setting out of workspace reach (application or machine scope) and matches src/constants.ts', () => {
    const props = contributes.configuration.properties as Record<string, { scope?: string }>;
    for (const [key, p] of Object.entries(props)) {
      assert.ok(
        p.scope === 'application' || p.scope === 'machine',
        `${key} can be set by a workspace (scope ${p.scope ?? 'window'})`,
      );
    }
    const known = [
      ...Object.entries(Settings)
        .filter(([k]) => k !== 'section')
        .map(([, v]) => v),
      ...Object.values(RequestSettings),
    ].map((v) => `zendesk.${v}`);
    assert.deepEqual(Object.keys(props).sort(), known.sort());
  });

  it('declares how it behaves in untrusted workspaces', () => {
    const u = pkg.capabilities.untrustedWorkspaces;
    assert.ok(u.supported === true || u.supported === false || u.supported === 'limited');
    assert.ok(u.description);
  });

  it('lets every walkthrough step be checked from what is already true (onContext), not only from an event seen live', () => {
    const steps =
      (contributes.walkthroughs as { id: string; steps: { id: string; completionEvents: string[] }[] }[]).find(
        (w) => w.id === 'connectToZendesk',
      )?.steps ?? [];
    const onContext = (id: string) =>
      steps
        .find((s) => s.id === id)
        ?.completionEvents.filter((e) => e.startsWith('onContext:'))
        .map((e) => e.slice('onContext:'.length));
    assert.deepEqual(onContext('registerClient'), [ContextKeys.signedIn], 'signed in means a client was registered');
    assert.deepEqual(onContext('signIn'), [ContextKeys.signedIn]);
    assert.deepEqual(onContext('openTickets'), [ContextKeys.ticketsViewSeen]);
    assert.deepEqual(onContext('sendRequest'), [ContextKeys.requestSent]);
  });
});
