// Consent for the terminals' tokens: asked once per terminal for reads, every time for writes unless the user chose
// otherwise, every time for a process in no known terminal; nothing after Deny; the log says who asked for what and
// never holds the token.
import * as assert from 'node:assert/strict';
import { Emitter } from '../../../src/events';
import { LendService, type LendAccount, type LendTerminal } from '../../../src/lend/lendService';
import type { TokenAnswer, TokenRequest } from '../../../src/lend/protocol';
import { RecordingLog } from './recordingLog';

const ACME: LendAccount = { accountId: 'acme/42', subdomain: 'acme', label: 'Ann Agent (acme)' };
const TOKEN = 'secret-access-token-abcdef';

function setup(answers: (string | undefined)[]) {
  const bash: LendTerminal = { name: 'bash' };
  const zsh: LendTerminal = { name: 'zsh' };
  const byPid = new Map<number, LendTerminal>([
    [100, bash],
    [200, zsh],
  ]);
  const closed = new Emitter<LendTerminal>();
  const questions: { message: string; choices: readonly string[] }[] = [];
  const tokensMade: string[][] = [];
  const log = new RecordingLog();
  const service = new LendService({
    terminals: {
      terminalOf: (pid) => Promise.resolve(pid === undefined ? undefined : byPid.get(pid)),
      onDidClose: (l) => closed.event(l),
    },
    dialogs: {
      askToLend: (message, _detail, choices) => {
        questions.push({ message, choices });
        return Promise.resolve(answers.shift());
      },
    },
    sessions: {
      account: (name) =>
        name === undefined || name === 'acme'
          ? Promise.resolve(ACME)
          : Promise.reject(new Error(`Not signed in to ${name}.`)),
      token: (_a, scopes): Promise<TokenAnswer> => {
        tokensMade.push([...scopes]);
        return Promise.resolve({
          accessToken: TOKEN,
          subdomain: 'acme',
          baseUrl: 'https://acme.zendesk.com',
          expiresAt: null,
          scopes: [...scopes],
        });
      },
    },
    log,
  });
  const ask = (pid: number | undefined, scopes = ['read'], account?: string) =>
    service.token({ kind: 'token', pid, scopes, account } satisfies TokenRequest);
  return { service, questions, tokensMade, log, ask, bash, closed };
}

describe('lend: consent per terminal', () => {
  it('asks once per terminal for read; the answer lasts until the terminal closes', async () => {
    const s = setup(['Allow for This Terminal', 'Allow for This Terminal']);
    assert.equal((await s.ask(100)).accessToken, TOKEN);
    assert.equal(
      s.questions[0]?.message,
      "A process in terminal 'bash' asks for a Zendesk token for acme with read. Allow for this terminal?",
    );
    await s.ask(100);
    assert.equal(s.questions.length, 1, 'the same terminal is not asked again');
    s.closed.fire(s.bash);
    await s.ask(100);
    assert.equal(s.questions.length, 2, 'a closed terminal took its answer with it');
  });

  it('asks each terminal for itself, and once for parallel requests', async () => {
    const s = setup(['Allow for This Terminal', 'Allow for This Terminal']);
    await Promise.all([s.ask(100), s.ask(100), s.ask(100)]);
    assert.equal(s.questions.length, 1);
    await s.ask(200);
    assert.match(s.questions[1]?.message ?? '', /terminal 'zsh'/);
  });

  it('gives nothing after Deny (the dialog closed), and asks again next time', async () => {
    const s = setup([undefined, 'Allow for This Terminal']);
    await assert.rejects(s.ask(100), { name: 'LendError', code: 'denied' });
    assert.deepEqual(s.tokensMade, [], 'no session was even looked for');
    assert.equal((await s.ask(100)).accessToken, TOKEN);
  });

  it('asks every time for write scopes, unless the user chose this terminal', async () => {
    const s = setup(['Allow Once', 'Allow Once', 'Allow for This Terminal']);
    await s.ask(100, ['read', 'write']);
    await s.ask(100, ['read', 'write']);
    assert.equal(s.questions.length, 2);
    assert.deepEqual(s.questions[0]?.choices, ['Allow Once', 'Allow for This Terminal']);
    assert.match(s.questions[0]?.message ?? '', /with read write, which can change data/);
    await s.ask(100, ['tickets:write']);
    await s.ask(100, ['tickets:write']);
    assert.equal(s.questions.length, 3, 'chosen for this terminal: not asked again');
    // A read answer does not cover a write, nor one scope set another.
    const t = setup(['Allow for This Terminal', 'Allow Once']);
    await t.ask(100, ['read']);
    await t.ask(100, ['read', 'write']);
    assert.equal(t.questions.length, 2);
  });

  it('asks about a process in no known terminal every time, and never remembers it', async () => {
    const s = setup(['Allow Once', 'Allow Once']);
    await s.ask(999);
    await s.ask(999);
    assert.equal(s.questions.length, 2);
    assert.deepEqual(s.questions[0]?.choices, ['Allow Once']);
    assert.match(s.questions[0]?.message ?? '', /outside the known terminals/);
  });

  it('hands out exactly the scopes asked, for the account named', async () => {
    const s = setup(['Allow for This Terminal']);
    const a = await s.ask(100, ['tickets:read', 'users:read'], 'acme');
    assert.deepEqual(a.scopes, ['tickets:read', 'users:read']);
    assert.deepEqual(s.tokensMade, [['tickets:read', 'users:read']]);
    await assert.rejects(s.ask(100, ['read'], 'globex'), { code: 'not_signed_in', message: /Zendesk: Sign In/ });
  });

  it('logs who asked for what and the answer, never the token', async () => {
    const s = setup(['Allow for This Terminal', undefined]);
    await s.ask(100, ['read']);
    await assert.rejects(s.ask(200, ['read']));
    assert.ok(s.log.lines.includes("terminal 'bash' (pid 100) asked for a token for acme/42 with read: given"));
    assert.ok(s.log.lines.includes("terminal 'zsh' (pid 200) asked for a token for acme/42 with read: denied"));
    assert.ok(
      s.log.lines.every((l) => !l.includes(TOKEN)),
      s.log.lines.join('\n'),
    );
  });

  it('confirms a write in VS Code, naming the terminal', async () => {
    const s = setup(['Allow', undefined]);
    const r = { kind: 'confirm' as const, title: 'Add a comment to ticket 7?', detail: 'Hello', pid: 100 };
    assert.deepEqual(await s.service.confirm(r), { allowed: true });
    assert.deepEqual(await s.service.confirm(r), { allowed: false });
    assert.equal(s.questions[0]?.message, "A process in terminal 'bash' asks: Add a comment to ticket 7?");
  });
});
