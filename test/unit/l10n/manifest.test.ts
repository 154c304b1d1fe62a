// Issue 12: every string of package.json that VS Code shows a person is a %key% placeholder whose English is in
// package.nls.json, as GitHub Pull Requests does; ids, `when` clauses, the model's descriptions and schemas stay.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findRoot } from '../../support/repoRoot';

type Json = Record<string, unknown>;


const root = findRoot();
const PLACEHOLDER = /^%([^%\s]+)%$/;

const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const lists = (v: unknown): Json[] => Object.values((v ?? {}) as Record<string, unknown>).flatMap(list);

/**
 * The user-facing fields of a manifest, each with where it is: what the Marketplace, the Extensions view, the
 * command palette, the views, the walkthrough, the settings editor, the chat tool picker and the Workspace Trust
 * editor show. `modelDescription` and the tools' input schemas are for the model and stay English.
 */
function userFacingFields(pkg: Json): { where: string; value: unknown }[] {
  const out: { where: string; value: unknown }[] = [];
  const add = (where: string, value: unknown) => { if (value !== undefined) out.push({ where, value }); };
  const c = (pkg.contributes ?? {}) as Json;
  add('displayName', pkg.displayName);
  add('description', pkg.description);
  add('capabilities.untrustedWorkspaces.description', ((pkg.capabilities as Json | undefined)?.untrustedWorkspaces as Json | undefined)?.description);
  for (const cmd of list(c.commands)) for (const f of ['title', 'category', 'shortTitle']) add(`command ${String(cmd.command)} ${f}`, cmd[f]);
  for (const v of lists(c.viewsContainers)) add(`viewsContainer ${String(v.id)} title`, v.title);
  for (const v of lists(c.views)) for (const f of ['name', 'contextualTitle']) add(`view ${String(v.id)} ${f}`, v[f]);
  for (const w of list(c.viewsWelcome)) add(`viewsWelcome ${String(w.view)} contents`, w.contents);
  for (const w of list(c.walkthroughs)) {
    for (const f of ['title', 'description']) add(`walkthrough ${String(w.id)} ${f}`, w[f]);
    for (const s of list(w.steps)) {
      for (const f of ['title', 'description']) add(`walkthrough step ${String(s.id)} ${f}`, s[f]);
      add(`walkthrough step ${String(s.id)} media.altText`, (s.media as Json | undefined)?.altText);
      // The page beside the step: a translation names its own file (register-client.de.md), as VS Code fills in
      // every %key% of the manifest, paths included.
      add(`walkthrough step ${String(s.id)} media.markdown`, (s.media as Json | undefined)?.markdown);
    }
  }
  for (const t of list(c.languageModelTools)) for (const f of ['displayName', 'userDescription']) add(`languageModelTool ${String(t.name)} ${f}`, t[f]);
  for (const s of list(c.submenus)) add(`submenu ${String(s.id)} label`, s.label);
  // The first alias is the language's name in the status bar and the language picker; the others are matched.
  for (const l of list(c.languages)) add(`language ${String(l.id)} aliases[0]`, list(l.aliases)[0]);
  for (const conf of Array.isArray(c.configuration) ? (c.configuration as Json[]) : c.configuration ? [c.configuration as Json] : []) {
    add('configuration title', conf.title);
    const visit = (prefix: string, props: unknown) => {
      for (const [key, p] of Object.entries((props ?? {}) as Record<string, Json>)) {
        for (const f of ['description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage']) add(`setting ${prefix}${key} ${f}`, p[f]);
        for (const f of ['enumDescriptions', 'markdownEnumDescriptions']) list(p[f]).forEach((d, i) => add(`setting ${prefix}${key} ${f}[${i}]`, d));
        visit(`${prefix}${key}.items.`, (p.items as Json | undefined)?.properties);
        visit(`${prefix}${key}.`, p.properties);
      }
    };
    visit('', conf.properties);
  }
  return out;
}

/** Every %key% placeholder anywhere in the manifest (VS Code fills in any string value, in objects and arrays). */
function placeholders(value: unknown): string[] {
  if (typeof value === 'string') return PLACEHOLDER.test(value) ? [value.slice(1, -1)] : [];
  if (Array.isArray(value)) return value.flatMap(placeholders);
  if (value && typeof value === 'object') return Object.values(value).flatMap(placeholders);
  return [];
}

describe('localizable strings in package.json', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Json;
  const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, unknown>;

  it('finds the user-facing fields: commands, views, walkthrough, settings and chat tools', () => {
    const where = userFacingFields(pkg).map((f) => f.where);
    for (const expected of ['displayName', 'command zendesk.signIn title', 'view zendesk.tickets name', 'setting zendesk.oauth.redirectMode enumDescriptions[0]',
      'setting zendesk.accounts.items.subdomain description', 'languageModelTool zendesk_getTicket userDescription', 'walkthrough step signIn description', 'walkthrough step signIn media.markdown']) {
      assert.ok(where.includes(expected), `${expected} was not found among the user-facing fields`);
    }
  });

  it('makes every user-facing field a %key% that package.nls.json has', () => {
    const bad = userFacingFields(pkg).filter((f) => typeof f.value !== 'string' || !PLACEHOLDER.test(f.value) || !(f.value.slice(1, -1) in nls));
    assert.deepEqual(bad.map((f) => `${f.where}: ${JSON.stringify(f.value)}`), [],
      'Move the English into package.nls.json under a key such as "command.signIn.title" and write "%command.signIn.title%" in package.json.');
  });

  it('has the English of every placeholder, and no key that nothing uses', () => {
    const used = new Set(placeholders(pkg));
    const missing = [...used].filter((k) => !(k in nls));
    const unused = Object.keys(nls).filter((k) => !used.has(k));
    assert.deepEqual(missing, [], 'package.json uses these keys but package.nls.json does not have them');
    assert.deepEqual(unused, [], 'package.nls.json has these keys but package.json does not use them: remove them');
    const empty = Object.entries(nls).filter(([, v]) => typeof v !== 'string' || !v.trim()).map(([k]) => k);
    assert.deepEqual(empty, [], 'these keys have no English text');
  });

  it('names, for every walkthrough page, an English file that exists and ships', () => {
    const steps = list((pkg.contributes as Json).walkthroughs).flatMap((w) => list(w.steps));
    const pages = steps.map((s) => String((s.media as Json | undefined)?.markdown ?? '')).filter((m) => PLACEHOLDER.test(m)).map((m) => String(nls[m.slice(1, -1)]));
    assert.equal(pages.length, steps.length, 'a walkthrough step has no localizable page');
    for (const page of pages) assert.ok(fs.existsSync(path.join(root, page)), `${page} does not exist`);
  });

  it('keeps the model\'s descriptions in English, not behind a placeholder', () => {
    const tools = list((pkg.contributes as Json).languageModelTools);
    assert.ok(tools.length > 0, 'no language model tools');
    for (const t of tools) assert.ok(typeof t.modelDescription === 'string' && !PLACEHOLDER.test(t.modelDescription), `${String(t.name)}: modelDescription`);
    assert.deepEqual(placeholders(tools.map((t) => t.inputSchema)), [], 'an input schema has a placeholder');
  });

  it('ships package.nls.json in the .vsix', () => {
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
    assert.ok(ignore.includes('!package.nls.json'), '.vscodeignore is an allowlist: add "!package.nls.json", or VS Code shows the %keys%');
  });
});
