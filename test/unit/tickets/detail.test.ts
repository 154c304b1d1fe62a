// The ticket detail in plain Node: loading against the sandbox, the view model, the page's HTML and its policy, and
// what the page may send.
import * as assert from 'node:assert/strict';
import { parseFragment } from 'parse5';
import { attr, elements, statusPicker, text as textOf, type Node5 } from './pageHtml';
import {
  detailView,
  fieldErrors,
  keepingEarlier,
  loadTicketDetail,
  type TicketDetail,
  replyPatch,
  sendUpdate,
} from '../../../src/tickets/detail/detailModel';
import { pageState } from './pageHtml';
import { contentSecurityPolicy, renderDetailPage } from '../../../src/tickets/detail/detailPage';
import { StatusVocabulary } from '../../../src/tickets/statuses';
import { MAX_UPLOAD_BYTES } from '../../../src/zendesk/api';
import { parsePageMessage } from '../../../src/tickets/detail/pageMessages';
import { ConflictError, ValidationError } from '../../../src/zendesk/errors';
import type { ZendeskClient } from '../../../src/zendesk/http';
import { FIXTURES } from '../../sandbox';
import { clientFor, publicClient, RefreshingTokens, signIn, useSandboxOverHttp } from '../../support/sandboxClient';

const ASSETS = {
  cspSource: 'https://webview.example',
  nonce: 'n0nce-abc',
  scriptUri: 'https://webview.example/detail.js',
  pageScriptUri: 'https://webview.example/detailPage.js',
  styleUri: 'https://webview.example/detail.css',
};

describe('the ticket detail model (against the sandbox)', () => {
  const env = useSandboxOverHttp({ tickets: 60, seed: 3 });
  let client: ZendeskClient;
  const hostile =
    '<p>Hi</p><script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">click</a>';

  before(async () => {
    const tokens = new RefreshingTokens(
      env.http,
      publicClient(env.base),
      await signIn(env.http, publicClient(env.base)),
    );
    client = clientFor(env.base, env.http, tokens, async () => {}, { maxRetryWaitSeconds: 0 });
    // A requester's email that carries markup, as Zendesk keeps it in html_body, and an internal note.
    await client.request('PUT', '/api/v2/tickets/3', {
      body: { ticket: { comment: { html_body: hostile, public: true } } },
    });
    await client.request('PUT', '/api/v2/tickets/3', {
      body: { ticket: { comment: { body: 'Checked the logs, **looks like** a billing bug.', public: false } } },
    });
  });

  it('opens a ticket in two requests: the ticket with its people, the conversation with its authors', async () => {
    env.sandbox.admin.resetCounters();
    const d = await loadTicketDetail(client, 3);
    const requests = env.sandbox.admin.counters().requests;
    assert.deepEqual(requests, { 'GET /api/v2/tickets/{id}': 1, 'GET /api/v2/tickets/{id}/comments': 1 });
    assert.equal(d.users.get(d.ticket.requester_id)?.email, FIXTURES.users.customer);
    assert.ok(
      d.comments.every((c) => d.users.has(c.author_id)),
      'an author was not sideloaded',
    );
  });

  it('shows the conversation oldest first, notes marked internal, people by name, bodies sanitised', async () => {
    const v = detailView(await loadTicketDetail(client, 3), {
      baseUrl: env.base,
      now: Date.now(),
      statuses: StatusVocabulary.system(),
    });
    assert.equal(v.requester, 'Casey Customer');
    const times = v.comments.map((c) => c.created);
    assert.deepEqual(times, [...times].sort());
    const last = v.comments[v.comments.length - 1];
    assert.equal(last.public, false);
    assert.equal(last.author, 'Sam Agent');
    assert.ok(v.comments.some((c) => c.public));
    const html = v.comments.map((c) => c.html).join('');
    assert.ok(!/<script|onerror|javascript:/i.test(html), html);
    assert.ok(html.includes('click'), 'the link text went missing');
    assert.deepEqual(v.imageOrigins, [new URL(env.base).origin]);
    assert.equal(v.agentUrl, `${env.base}/agent/tickets/3`);
  });

  it('sends a reply with the stamp it showed; a stale stamp is a conflict that changes nothing', async () => {
    const before = detailView(await loadTicketDetail(client, 8), {
      baseUrl: env.base,
      now: Date.now(),
      statuses: StatusVocabulary.system(),
    });
    env.sandbox.admin.advanceClock(2);
    const t = await sendUpdate(
      client,
      8,
      replyPatch({ body: 'On it.', public: true, status: { status: 'pending' } }),
      before.updatedStamp,
    );
    assert.equal(t.ticket.status, 'pending');
    assert.equal(t.comment?.body, 'On it.', 'the answer did not carry the comment');
    const after = await loadTicketDetail(client, 8);
    assert.equal(after.comments.length, before.comments.length + 1);
    await assert.rejects(
      sendUpdate(client, 8, replyPatch({ body: 'Again', public: false }), before.updatedStamp),
      ConflictError,
    );
    assert.equal((await loadTicketDetail(client, 8)).comments.length, after.comments.length);
  });

  it('shows a requester without an email (real end users may have none) by name alone', async () => {
    const page = await client.request<{
      tickets: { id: number; requester_id: number }[];
      users: { id: number; name: string; email: string | null }[];
    }>('GET', '/api/v2/tickets', { query: { per_page: '60', include: 'users' } });
    const noEmail = page.users.find((u) => u.email === null);
    const ticket = page.tickets.find((t) => t.requester_id === noEmail?.id);
    assert.ok(noEmail && ticket, 'the sandbox seeds requesters without an email');
    const v = detailView(await loadTicketDetail(client, ticket.id), {
      baseUrl: env.base,
      now: Date.now(),
      statuses: StatusVocabulary.system(),
    });
    assert.equal(v.requester, noEmail.name);
    const shown = textOf(
      parseFragment(
        renderDetailPage(
          pageState({ accountId: 'sandbox/1', view: v, statuses: StatusVocabulary.system(), meId: 7 }),
          ASSETS,
        ),
      ) as unknown as Node5,
    );
    assert.ok(
      shown.includes(noEmail.name) && !/\b(null|undefined)\b/.test(shown),
      'null or undefined reached the page',
    );
  });

  it("reads Zendesk's 422 details field by field", () => {
    assert.deepEqual(
      fieldErrors(
        new ValidationError('PUT /api/v2/tickets/1: RecordInvalid', {
          comment: [{ description: 'Comment: body cannot be blank', error: 'BlankValue' }],
          base: [{ description: 'a' }, { description: 'b' }],
        }).problems,
      ),
      { comment: 'Comment: body cannot be blank', base: 'a; b' },
    );
    assert.deepEqual(fieldErrors(new ValidationError('RecordInvalid', 'nonsense').problems), {});
  });
});

describe('the ticket page', () => {
  const view = {
    id: 42,
    subject: 'Printer <b>on fire</b> "now"',
    status: 'open' as const,
    customStatusId: null,
    statusKey: 'open',
    statusLabel: 'Open',
    priority: 'high' as const,
    type: 'incident',
    requester: 'Eve <img src=x onerror=alert(1)>',
    assignee: 'Unassigned',
    assigneeId: null,
    groupId: 5_000_001,
    group: 'Support',
    tags: ['vip', '"><script>'],
    created: '2024-01-01 10:00 UTC',
    updated: '2024-01-02 10:00 UTC',
    updatedStamp: '2024-01-02T10:00:00Z',
    agentUrl: 'https://acme.zendesk.com/agent/tickets/42',
    imageOrigins: ['https://acme.zendesk.com', "https://x.example 'unsafe-inline'"],
    hasEarlier: false,
    comments: [
      {
        id: 1,
        author: 'Eve',
        authorRole: 'end-user',
        created: '2024-01-01 10:00 UTC',
        createdAgo: '2d ago',
        public: true,
        html: '<p>hello</p>',
        attachments: [
          { name: 'log.txt', url: 'https://acme.zendesk.com/attachments/token/t/?name=log.txt', size: '2 KB' },
        ],
      },
      {
        id: 2,
        author: 'Sam',
        authorRole: 'agent',
        created: '2024-01-02 10:00 UTC',
        createdAgo: '1d ago',
        public: false,
        html: '<p>note</p>',
        attachments: [],
      },
    ],
  };
  const page = (
    draft?: Parameters<typeof pageState>[0]['draft'] & { savedAt?: number },
    extra: Partial<Parameters<typeof pageState>[0]> = {},
  ) =>
    renderDetailPage(
      pageState({ accountId: 'acme/1', view, statuses: StatusVocabulary.system(), draft, meId: 7, ...extra }),
      ASSETS,
    );

  it('allows only its own script by nonce and stylesheet, and images only from the listed hosts', () => {
    const csp = contentSecurityPolicy(ASSETS, view.imageOrigins);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-n0nce-abc'(;|$)/);
    assert.match(csp, /img-src https:\/\/acme\.zendesk\.com ?;/, 'an origin with a space or quote widened the policy');
    assert.ok(!csp.includes('unsafe'), csp);
    const els = elements(page());
    const meta = els.find((e) => e.tagName === 'meta' && attr(e, 'http-equiv') === 'Content-Security-Policy');
    assert.equal(attr(meta!, 'content'), csp);
    // Its two scripts: the bundled one (DOMPurify, the preview) first, then detail.js; both by nonce, none inline.
    const scripts = els.filter((e) => e.tagName === 'script');
    assert.deepEqual(
      scripts.map((s) => attr(s, 'src')),
      [ASSETS.pageScriptUri, ASSETS.scriptUri],
    );
    for (const s of scripts) {
      assert.equal(attr(s, 'nonce'), ASSETS.nonce);
      assert.deepEqual(s.childNodes ?? [], [], 'inline script');
    }
  });

  it('escapes every value from the ticket and has no inline handlers', () => {
    const html = page({ body: '</textarea><script>alert(1)</script>', mode: 'public', savedAt: 0 });
    const els = elements(html);
    assert.equal(els.filter((e) => e.tagName === 'script').length, 2);
    assert.ok(!els.some((e) => e.tagName === 'img'), 'the requester name made an image');
    assert.deepEqual(
      els.flatMap((e) => (e.attrs ?? []).filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}.${a.name}`)),
      [],
    );
    const textarea = els.find((e) => e.tagName === 'textarea');
    assert.equal(
      (textarea?.childNodes?.[0] as { value?: string } | undefined)?.value,
      '</textarea><script>alert(1)</script>',
    );
  });

  it('a ticket id that is not a number (the API boundary refuses it; this is the second line) is text, not markup', () => {
    const id = '1<img src=x onerror=alert(1)>' as unknown as number;
    const els = elements(
      renderDetailPage(
        pageState({ accountId: 'acme/1', view: { ...view, id }, statuses: StatusVocabulary.system(), meId: 7 }),
        ASSETS,
      ),
    );
    assert.ok(!els.some((e) => e.tagName === 'img'), 'the id made an image');
    const shown = els.find((e) => e.tagName === 'span' && attr(e, 'class') === 'ticket-id');
    assert.equal((shown?.childNodes?.[0] as { value?: string } | undefined)?.value, `#${id}`);
  });

  it('marks internal notes apart and labels each comment for a screen reader', () => {
    const items = elements(page()).filter((e) => e.tagName === 'li' && (attr(e, 'class') ?? '').startsWith('comment'));
    assert.deepEqual(
      items.map((e) => attr(e, 'class')),
      ['comment public requester', 'comment internal'],
    );
    assert.deepEqual(
      items.map((e) => attr(e, 'aria-label')),
      ['Public reply by Eve, 2024-01-01 10:00 UTC', 'Internal note by Sam, 2024-01-02 10:00 UTC'],
    );
    assert.ok(page().includes('>log.txt</a>'), 'attachment link');
  });

  it("starts in Internal note, restores the draft's mode, and marks a staged status on its control", () => {
    const radios = (html: string) => elements(html).filter((e) => e.tagName === 'input' && attr(e, 'name') === 'mode');
    assert.deepEqual(
      radios(page()).map((e) => [attr(e, 'value'), attr(e, 'checked') !== undefined]),
      [
        ['public', false],
        ['internal', true],
      ],
    );
    const withReply = page({ body: 'x', mode: 'public', staged: { status: 'pending' } });
    assert.deepEqual(
      radios(withReply).map((e) => attr(e, 'checked') !== undefined),
      [true, false],
    );
    assert.equal(statusPicker(withReply).selected, 'Pending');
    const marks = elements(withReply).filter((e) => attr(e, 'class') === 'staged-mark');
    assert.equal(marks.length, 1, 'the staged status is not marked as changed');
  });

  it("tells the page Zendesk's file size limit, so a larger dropped file is refused before it is read", () => {
    assert.equal(Number(/<body [^>]*data-max-upload="(\d+)"/.exec(page())?.[1]), MAX_UPLOAD_BYTES);
    assert.equal(MAX_UPLOAD_BYTES, 50 * 1024 * 1024);
  });

  it('lists 422 details of fields it has no control for, by name, never dropping them', () => {
    const html = page(undefined, {
      fieldErrors: {
        custom_field_360001824571: 'is not a valid value',
        status: 'Status: closed prevents ticket update',
      },
    });
    const alerts = elements(html).filter((e) => e.tagName === 'p' && attr(e, 'role') === 'alert');
    const texts = alerts.map((e) => textOf(e));
    assert.ok(texts.includes('custom_field_360001824571: is not a valid value'), texts.join(' | '));
    assert.ok(texts.includes('Status: closed prevents ticket update'), texts.join(' | '));
    const name = elements(html).find((e) => e.tagName === 'span' && attr(e, 'class') === 'field-name');
    assert.equal(name && textOf(name), 'custom_field_360001824571');
  });

  it('shows 422 details next to their field, and offers Assign to Me only to someone else', () => {
    const html = page(undefined, { fieldErrors: { comment: 'Comment: body cannot be blank' } });
    assert.match(html, /<p class="field-error" id="comment-error" role="alert">Comment: body cannot be blank<\/p>/);
    assert.match(page(), /id="assign-me"/);
    assert.doesNotMatch(
      renderDetailPage(
        pageState({ accountId: 'a', view: { ...view, assigneeId: 7 }, statuses: StatusVocabulary.system(), meId: 7 }),
        ASSETS,
      ),
      /id="assign-me"/,
    );
  });
});

describe('messages from the ticket page', () => {
  it('accepts only well-formed messages', () => {
    assert.deepEqual(parsePageMessage({ type: 'submit', body: 'x', mode: 'internal', status: 'pending' }), {
      type: 'submit',
      body: 'x',
      mode: 'internal',
    });
    assert.equal(parsePageMessage({ type: 'submit', body: 'x' }), undefined, 'a submit without an explicit reply type');
    assert.deepEqual(parsePageMessage({ type: 'stage', field: 'priority', value: 'urgent' }), {
      type: 'stage',
      field: 'priority',
      value: 'urgent',
    });
    assert.equal(parsePageMessage({ type: 'stage', field: 'assignee_id', value: 1 }), undefined, 'only by a picker');
    assert.equal(parsePageMessage({ type: 'stage', field: 'status', value: 'deleted' }), undefined);
    assert.equal(parsePageMessage({ type: 'stage', field: 'priority', value: 'asap' }), undefined);
    assert.equal(parsePageMessage({ type: 'unstage', field: 'subject' }), undefined);
    assert.equal(parsePageMessage({ type: 'mode', mode: 'shout' }), undefined);
    assert.equal(parsePageMessage({ type: 'openLink', href: 5 }), undefined);
    assert.equal(parsePageMessage('submit'), undefined);
    assert.equal(parsePageMessage(null), undefined);
  });
});

describe('earlier comments across a reload', () => {
  const comment = (id: number) => ({
    id,
    author_id: 1,
    body: `c${id}`,
    public: true,
    created_at: new Date(Date.UTC(2026, 0, 1, 0, id)).toISOString(),
  });
  const detail = (ids: number[], earlier?: string): TicketDetail => ({
    ticket: {} as TicketDetail['ticket'],
    comments: ids.map(comment),
    users: new Map(),
    groups: new Map(),
    ...(earlier ? { earlier } : {}),
  });
  const ids = (d: TicketDetail) => d.comments.map((c) => c.id);

  it('keeps the earlier comments when the fresh page overlaps them, paging on from the oldest loaded', () => {
    const kept = keepingEarlier(detail([1, 2, 3, 4, 5]), detail([4, 5, 6], 'before-4'));
    assert.deepEqual(ids(kept), [1, 2, 3, 4, 5, 6]);
    assert.equal(kept.earlier, undefined, 'the whole conversation was loaded: nothing earlier');
    assert.equal(keepingEarlier(detail([3, 4, 5], 'before-3'), detail([4, 5, 6], 'before-4')).earlier, 'before-3');
  });

  it('drops them when more than a page came in between (no gap in the conversation)', () => {
    const fresh = detail([8, 9, 10], 'before-8');
    assert.deepEqual(ids(keepingEarlier(detail([1, 2, 3, 4, 5]), fresh)), [8, 9, 10]);
    assert.equal(keepingEarlier(detail([1, 2, 3, 4, 5]), fresh).earlier, 'before-8');
    assert.deepEqual(ids(keepingEarlier(undefined, fresh)), [8, 9, 10]);
  });
});
