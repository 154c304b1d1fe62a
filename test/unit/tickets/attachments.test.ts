// Attachments in the ticket composer, in plain Node: the files' life (upload on attach, failure and retry, the
// limits, the draft that keeps them), what the page may send about files, how the list reads, and the reply that
// carries the tokens.
import * as assert from 'node:assert/strict';
import { parseFragment } from 'parse5';
import {
  ComposerFiles,
  UPLOAD_TOKEN_LIFETIME_MS,
  type ComposerFilesDeps,
} from '../../../src/tickets/detail/composerFiles';
import { replyPatch, sendUpdate, loadTicketDetail } from '../../../src/tickets/detail/detailModel';
import { renderFileItems } from '../../../src/tickets/detail/detailPage';
import { parsePageMessage } from '../../../src/tickets/detail/pageMessages';
import { DraftStore } from '../../../src/tickets/drafts';
import { MAX_UPLOAD_BYTES, uploadFile } from '../../../src/zendesk/api';
import type { ZendeskClient } from '../../../src/zendesk/http';
import { describeError } from '../../../src/ui/errorText';
import { clientFor, publicClient, RefreshingTokens, signIn, useSandboxOverHttp } from '../../support/sandboxClient';
import { JsonMemento } from '../fakes/memento';

const file = (name: string, text: string) => ({
  name,
  size: Buffer.byteLength(text),
  read: async () => Buffer.from(text),
});

describe('composer files against the sandbox', () => {
  const env = useSandboxOverHttp({ tickets: 20, seed: 11 });
  let client: ZendeskClient;
  let memento: JsonMemento;
  let drafts: DraftStore;
  let now: number;
  let changes: number;
  let open: number[];

  before(async () => {
    const tokens = new RefreshingTokens(
      env.http,
      publicClient(env.base),
      await signIn(env.http, publicClient(env.base)),
    );
    client = clientFor(env.base, env.http, tokens, async () => {}, { maxRetryWaitSeconds: 0 });
    const { tickets } = await client.request<{ tickets: { id: number; status: string }[] }>('GET', '/api/v2/tickets');
    open = tickets.filter((t) => t.status !== 'closed').map((t) => t.id);
  });
  beforeEach(() => {
    memento = new JsonMemento();
    drafts = new DraftStore(memento, () => now);
    now = Date.now();
    changes = 0;
  });

  function composer(ticketId: number, over: Partial<ComposerFilesDeps> = {}): ComposerFiles {
    return new ComposerFiles({
      drafts,
      accountId: 'sandbox/1',
      ticketId,
      now: () => now,
      upload: (name, bytes, type, signal) => uploadFile(client, name, bytes, type, signal),
      describe: (e) => describeError(e, 'Uploading').text,
      changed: () => {
        changes++;
      },
      ...over,
    });
  }

  it('uploads a file as soon as it is attached; the draft keeps its name, size and token across a new store (a reload)', async () => {
    const files = composer(5);
    await files.add(file('trace.log', 'line 1\nline 2\n'));
    assert.deepEqual(
      files.items().map((i) => [i.name, i.size, i.state]),
      [['trace.log', '14 B', 'uploaded']],
    );
    const after = new DraftStore(memento).get('sandbox/1', 5);
    assert.equal(after?.attachments?.length, 1);
    assert.equal(after?.attachments?.[0].name, 'trace.log');
    assert.equal(after?.attachments?.[0].size, 14);
    assert.match(after?.attachments?.[0].token ?? '', /^[A-Za-z0-9_-]+$/);
    assert.ok(changes >= 2, 'the page was not told about the upload and its end');
  });

  it('Submit sends the tokens: the comment Zendesk keeps has the files; the draft and its files are gone after', async () => {
    const id = open[0];
    const files = composer(id);
    await files.add(file('a.txt', 'alpha'));
    await files.add(file('b.txt', 'beta'));
    const send = files.forSubmit();
    assert.ok('tokens' in send);
    const before = await loadTicketDetail(client, id);
    await sendUpdate(
      client,
      id,
      replyPatch({ body: 'Both files attached', public: true, uploads: send.tokens }),
      before.ticket.updated_at,
    );
    await drafts.sent('sandbox/1', id, send.tokens);
    const last = (await loadTicketDetail(client, id)).comments.at(-1);
    assert.equal(last?.body, 'Both files attached');
    assert.deepEqual(
      last?.attachments?.map((a) => a.file_name),
      ['a.txt', 'b.txt'],
    );
    assert.deepEqual(files.items(), []);
  });

  it('a failed upload says why next to the file, keeps the text and the other files, and Retry sends it', async () => {
    const files = composer(7);
    await drafts.save('sandbox/1', 7, { body: 'My reply', mode: 'public' });
    await files.add(file('ok.txt', 'fine'));
    env.sandbox.admin.failNext('POST /api/v2/uploads', 1, { status: 500 });
    await files.add(file('flaky.txt', 'retry me'));
    const failed = files.items().find((i) => i.name === 'flaky.txt');
    assert.equal(failed?.state, 'failed');
    assert.equal(failed?.canRetry, true);
    assert.equal(failed?.problem, 'Zendesk had a problem (HTTP 500). Try again shortly.');
    assert.ok('problem' in files.forSubmit(), 'a reply could go out without the file that failed');
    assert.equal(drafts.get('sandbox/1', 7)?.body, 'My reply');
    assert.deepEqual(
      drafts.get('sandbox/1', 7)?.attachments?.map((a) => a.name),
      ['ok.txt'],
    );
    await files.retry(failed?.id ?? '');
    assert.deepEqual(
      files.items().map((i) => [i.name, i.state]),
      [
        ['ok.txt', 'uploaded'],
        ['flaky.txt', 'uploaded'],
      ],
    );
    assert.ok('tokens' in files.forSubmit());
  });

  it('refuses a file over 50 MB and an empty one before reading or sending them, with a message; no Retry', async () => {
    let reads = 0;
    const files = composer(8);
    env.sandbox.admin.resetCounters();
    await files.add({
      name: 'huge.iso',
      size: MAX_UPLOAD_BYTES + 1,
      read: async () => {
        reads++;
        return new Uint8Array(0);
      },
    });
    await files.add({
      name: 'empty.txt',
      size: 0,
      read: async () => {
        reads++;
        return new Uint8Array(0);
      },
    });
    const [huge, empty] = files.items();
    assert.equal(huge.state, 'failed');
    assert.match(huge.problem ?? '', /huge\.iso is larger than 50 MB/);
    assert.equal(huge.canRetry, false);
    assert.match(empty.problem ?? '', /empty\.txt is empty/);
    assert.equal(reads, 0);
    assert.equal(env.sandbox.admin.counters().requests['POST /api/v2/uploads'], undefined);
    await files.remove(huge.id);
    await files.remove(empty.id);
    assert.deepEqual(files.items(), []);
  });

  it('is busy while a file is on its way (Submit waits); removing it then stops it and keeps nothing of it', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const files = composer(9, {
      upload: async (name, bytes, type, signal) => {
        await gate;
        signal.throwIfAborted();
        return uploadFile(client, name, bytes, type, signal);
      },
    });
    const adding = files.add(file('slow.txt', 'slow'));
    await new Promise((r) => setImmediate(r));
    assert.equal(files.busy, true);
    const send = files.forSubmit();
    assert.ok('problem' in send && /Wait until the files are uploaded/.test(send.problem));
    await files.remove(files.items()[0].id);
    release();
    await adding;
    assert.equal(files.busy, false);
    assert.deepEqual(files.items(), []);
    assert.equal(drafts.get('sandbox/1', 9), undefined, 'the removed file reached the draft');
  });

  it("an uploaded file older than Zendesk's hour is shown as gone and blocks Submit until removed", async () => {
    const files = composer(10);
    await files.add(file('old.txt', 'old'));
    now += UPLOAD_TOKEN_LIFETIME_MS;
    const [old] = files.items();
    assert.equal(old.state, 'failed');
    assert.match(old.problem ?? '', /after an hour: remove it and attach the file again/);
    assert.ok('problem' in files.forSubmit());
    await files.remove(old.id);
    assert.deepEqual(files.forSubmit(), { tokens: [] });
  });
});

describe('drafts with attachments', () => {
  it('keeps the files when the page saves only text, and a draft that is only files', async () => {
    const memento = new JsonMemento();
    const store = new DraftStore(memento, () => 1);
    const a = { name: 'x.png', size: 3, token: 'tok_1', uploadedAt: 1 };
    await store.setAttachments('acme/1', 2, [a]);
    assert.deepEqual(
      store.get('acme/1', 2),
      { body: '', attachments: [a], savedAt: 1 },
      'a draft of only a file was dropped',
    );
    await store.save('acme/1', 2, { body: 'See the screenshot', mode: 'public' });
    assert.deepEqual(new DraftStore(memento).get('acme/1', 2)?.attachments, [a], 'saving the text lost the files');
    await store.save('acme/1', 2, { body: '' });
    assert.deepEqual(store.get('acme/1', 2)?.attachments, [a], 'emptying the text dropped the files');
    await store.setAttachments('acme/1', 2, []);
    assert.equal(store.get('acme/1', 2), undefined);
    await store.setAttachments('acme/1', 2, [a]);
    await store.sent('acme/1', 2, ['tok_1']);
    assert.equal(store.get('acme/1', 2), undefined);
  });

  it('after a reply is accepted, keeps a file that finished uploading while the reply was on its way', async () => {
    const store = new DraftStore(new JsonMemento(), () => 9);
    const sentFile = { name: 'sent.png', size: 3, token: 'tok_sent', uploadedAt: 1 };
    const late = { name: 'late.png', size: 4, token: 'tok_late', uploadedAt: 2 };
    await store.save('acme/1', 3, { body: 'Reply', mode: 'public', attachments: [sentFile, late] });
    await store.sent('acme/1', 3, ['tok_sent']);
    assert.deepEqual(store.get('acme/1', 3), { body: '', attachments: [late], savedAt: 9 });
  });

  it('ignores a stored draft whose files are malformed', () => {
    const memento = new JsonMemento();
    memento.values.set(
      'zendesk.draft/a/1',
      JSON.stringify({ body: 'x', attachments: [{ name: 'a', size: '3', token: 't', uploadedAt: 1 }] }),
    );
    assert.equal(new DraftStore(memento).get('a', 1), undefined);
  });
});

describe('the reply patch with files', () => {
  it('names the upload tokens in comment.uploads, and has no uploads key without files', () => {
    assert.deepEqual(
      replyPatch({ body: 'See attached', public: false, status: { status: 'pending' }, uploads: ['t1', 't2'] }),
      { comment: { body: 'See attached', public: false, uploads: ['t1', 't2'] }, status: 'pending' },
    );
    assert.deepEqual(replyPatch({ body: 'Hi', public: true, uploads: [] }), { comment: { body: 'Hi', public: true } });
  });
});

describe('messages about files from the ticket page', () => {
  const bytes = new Uint8Array([1, 2, 3]);

  it('accepts a dropped file with its bytes, and the other file actions', () => {
    assert.deepEqual(
      parsePageMessage({ type: 'attachBytes', name: 'shot.png', size: 3, bytes, contentType: 'image/png' }),
      { type: 'attachBytes', name: 'shot.png', size: 3, bytes, contentType: 'image/png' },
    );
    assert.deepEqual(parsePageMessage({ type: 'attachBytes', name: 'a.bin', size: 3, bytes: bytes.buffer }), {
      type: 'attachBytes',
      name: 'a.bin',
      size: 3,
      bytes: new Uint8Array([1, 2, 3]),
    });
    assert.deepEqual(parsePageMessage({ type: 'attachFiles' }), { type: 'attachFiles' });
    assert.deepEqual(parsePageMessage({ type: 'removeAttachment', id: 'f1' }), { type: 'removeAttachment', id: 'f1' });
    assert.deepEqual(parsePageMessage({ type: 'retryAttachment', id: 'Ab_9-x' }), {
      type: 'retryAttachment',
      id: 'Ab_9-x',
    });
    assert.deepEqual(parsePageMessage({ type: 'fileTooLarge', name: 'big.iso', size: MAX_UPLOAD_BYTES + 1 }), {
      type: 'fileTooLarge',
      name: 'big.iso',
      size: MAX_UPLOAD_BYTES + 1,
    });
    assert.deepEqual(parsePageMessage({ type: 'attachUris', uris: ['file:///w/a.txt'] }), {
      type: 'attachUris',
      uris: ['file:///w/a.txt'],
    });
  });

  it("refuses a hostile message: a bad name, a size that is not the bytes', bytes that are not bytes, a bad id or type", () => {
    const refused: unknown[] = [
      { type: 'attachBytes', name: '../../.ssh/id_rsa', size: 3, bytes },
      { type: 'attachBytes', name: 'C:\\Windows\\x.dll', size: 3, bytes },
      { type: 'attachBytes', name: 'a\nb.txt', size: 3, bytes },
      { type: 'attachBytes', name: '', size: 3, bytes },
      { type: 'attachBytes', name: 'x'.repeat(256), size: 3, bytes },
      { type: 'attachBytes', name: 7, size: 3, bytes },
      { type: 'attachBytes', name: 'a.txt', size: 2, bytes },
      { type: 'attachBytes', name: 'a.txt', size: -1, bytes },
      { type: 'attachBytes', name: 'a.txt', size: 3, bytes: [1, 2, 3] },
      { type: 'attachBytes', name: 'a.txt', size: 3, bytes: 'AQID' },
      { type: 'attachBytes', name: 'a.txt', size: 3 },
      { type: 'fileTooLarge', name: 'small.txt', size: 10 },
      { type: 'fileTooLarge', name: 'x/y', size: MAX_UPLOAD_BYTES + 1 },
      { type: 'removeAttachment', id: '../tickets/1' },
      { type: 'removeAttachment', id: 'a b' },
      { type: 'removeAttachment', id: 5 },
      { type: 'retryAttachment' },
      { type: 'attachUris', uris: [] },
      { type: 'attachUris', uris: [1] },
      { type: 'attachUris', uris: 'file:///etc/passwd' },
    ];
    for (const m of refused) assert.equal(parsePageMessage(m), undefined, JSON.stringify(m).slice(0, 120));
    const typed = parsePageMessage({
      type: 'attachBytes',
      name: 'a.txt',
      size: 3,
      bytes,
      contentType: 'text/html"><script>',
    });
    assert.deepEqual(
      typed,
      { type: 'attachBytes', name: 'a.txt', size: 3, bytes },
      'a content type that is not a MIME type was kept',
    );
  });

  it('a submit carries no upload tokens from the page: the extension sends only those it got from Zendesk', () => {
    const m = parsePageMessage({ type: 'submit', body: 'x', mode: 'public', uploads: ['someone-elses-token'] });
    assert.deepEqual(m, { type: 'submit', body: 'x', mode: 'public' });
  });
});

describe('the list of files in the composer', () => {
  interface Node5 {
    nodeName: string;
    tagName?: string;
    attrs?: { name: string; value: string }[];
    childNodes?: Node5[];
    value?: string;
  }
  const walk = (n: Node5, out: Node5[] = []): Node5[] => {
    if (n.tagName) out.push(n);
    for (const c of n.childNodes ?? []) walk(c, out);
    return out;
  };
  const text = (n: Node5): string =>
    n.nodeName === '#text' ? (n.value ?? '') : (n.childNodes ?? []).map(text).join('');
  const attr = (n: Node5, name: string) => n.attrs?.find((a) => a.name === name)?.value;

  it("shows each file's name, size and state, with Remove (and Retry when it failed) labelled with the file's name", () => {
    const html = renderFileItems([
      { id: 'tok1', name: 'screen.png', size: '12 KB', state: 'uploaded', canRetry: false },
      { id: 'f2', name: 'log.txt', size: '3 B', state: 'uploading', canRetry: true },
      {
        id: 'f3',
        name: 'dump.bin',
        size: '1.0 MB',
        state: 'failed',
        canRetry: true,
        problem: 'Zendesk had a problem (HTTP 500). Try again shortly.',
      },
    ]);
    const items = walk(parseFragment(html) as unknown as Node5).filter((n) => n.tagName === 'li');
    assert.deepEqual(
      items.map((li) => text(li).replace(/\s+/g, ' ').trim()),
      [
        'screen.png 12 KB Attached Remove',
        'log.txt 3 B Uploading… Remove',
        'dump.bin 1.0 MB Zendesk had a problem (HTTP 500). Try again shortly. Retry Remove',
      ],
    );
    const buttons = items.flatMap((li) => walk(li).filter((n) => n.tagName === 'button'));
    assert.deepEqual(
      buttons.map((b) => [attr(b, 'type'), attr(b, 'aria-label'), attr(b, 'data-remove') ?? attr(b, 'data-retry')]),
      [
        ['button', 'Remove screen.png', 'tok1'],
        ['button', 'Remove log.txt', 'f2'],
        ['button', 'Retry uploading dump.bin', 'f3'],
        ['button', 'Remove dump.bin', 'f3'],
      ],
    );
    assert.equal(
      walk(items[1]).find((n) => n.tagName === 'progress') !== undefined,
      true,
      'no progress shown while uploading',
    );
    assert.equal(
      attr(walk(items[2]).find((n) => attr(n, 'role') === 'alert') as Node5, 'class'),
      'file-state file-problem',
    );
  });

  it("escapes a file's name", () => {
    const html = renderFileItems([
      { id: 'f1', name: '<img src=x onerror=alert(1)>.png', size: '1 B', state: 'uploaded', canRetry: false },
    ]);
    assert.ok(!/<img/i.test(html), html);
    assert.ok(
      walk(parseFragment(html) as unknown as Node5).every((n) => !n.attrs?.some((a) => a.name.startsWith('on'))),
    );
  });
});
