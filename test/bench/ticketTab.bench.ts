// 8. The ticket tab (issue 18): a ticket with 300 comments and 40 fields. What opening it asks of Zendesk (counted at
// the sandbox, with the account's statuses and field definitions cached as the tab keeps them after the first
// ticket; the tab opens on the latest 100 comments), the time to build its page model with all 300 (detailModel +
// fieldsModel, in plain Node), and what a submit asks
// beyond the update itself (the tab shows the update's answer). The tab's own code paths in plain Node, against the
// sandbox in its own process.
import { ComposerFiles } from '../../src/tickets/detail/composerFiles';
import { TicketTabController } from '../../src/tickets/detail/controller';
import {
  detailView,
  loadEarlierComments,
  loadTicketDetail,
  sendUpdate,
  withEarlier,
  type TicketDetail,
} from '../../src/tickets/detail/detailModel';
import { DraftStore } from '../../src/tickets/drafts';
import { definitionsOf, FieldDefinitionsCache, loadDefinitions } from '../../src/tickets/fields/definitions';
import { buildFieldsView } from '../../src/tickets/fields/fieldsModel';
import { StatusCatalog } from '../../src/tickets/statusCatalog';
import { createTicket } from '../../src/zendesk/api';
import type { ZendeskClient } from '../../src/zendesk/http';
import { createUndiciTransport } from '../../src/zendesk/transport';
import type { Ticket, TicketField } from '../../src/zendesk/types';
import { JsonMemento } from '../unit/fakes/memento';
import { since, type BenchContext } from './context';
import { le, row, summarize, type Row } from './report';
import { countOf, startSandboxProcess, type SandboxProcess } from './sandboxProcess';
import { agentClient } from '../support/sandboxClient';

const COMMENTS = 300;
const FIELDS = 40;
/** Zendesk's Update Ticket limit per ticket (30 in 10 minutes): the setup moves the sandbox clock past each window. */
const UPDATES_PER_WINDOW = 30;

/** A new ticket with COMMENTS comments: its description, then updates, the sandbox clock moved past each window. */
async function ticketWithComments(sb: SandboxProcess, c: ZendeskClient): Promise<number> {
  const { id } = await createTicket(c, {
    subject: 'Export fails again and again',
    comment: { body: 'It fails.', public: true },
    requester: { name: 'Bench Customer', email: 'bench@customer.example' },
  });
  for (let i = 1; i < COMMENTS; i++) {
    if (i % UPDATES_PER_WINDOW === 1) await sb.control('clock', { advanceSeconds: 601 });
    await c.request('PUT', `/api/v2/tickets/${id}`, {
      body: {
        ticket: {
          comment: { body: `Step ${i}: **still** failing, see https://example.com/${i}`, public: i % 3 !== 0 },
        },
      },
    });
  }
  return id;
}

/** The account's definitions grown to FIELDS custom fields (copies of its own, each type several times), all on the
 * ticket's form, and the ticket with a value in each: a large account's ticket. */
function largeDefinitions(fields: readonly TicketField[], forms: ReturnType<typeof definitionsOf>['forms'], t: Ticket) {
  const custom = fields.filter(
    (f) =>
      f.active &&
      ![
        'subject',
        'description',
        'status',
        'custom_status',
        'tickettype',
        'priority',
        'basic_priority',
        'group',
        'assignee',
      ].includes(f.type),
  );
  const grown: TicketField[] = [];
  for (let i = 0; grown.length < FIELDS; i++) {
    const f = custom[i % custom.length];
    grown.push({ ...f, id: 900_000 + i, title: `${f.title} ${i}` });
  }
  const all = [...fields.filter((f) => !custom.includes(f)), ...grown];
  const form = { ...forms[0], ticket_field_ids: all.map((f) => f.id), agent_conditions: [] };
  const values = grown.map((f) => ({
    id: f.id,
    value:
      f.type === 'checkbox'
        ? true
        : f.type === 'tagger'
          ? (f.custom_field_options?.[0]?.value ?? null)
          : f.type === 'multiselect'
            ? (f.custom_field_options ?? []).slice(0, 2).map((o) => o.value)
            : f.type === 'integer'
              ? '42'
              : f.type === 'decimal'
                ? '4.2'
                : f.type === 'date'
                  ? '2026-01-31'
                  : f.type === 'partialcreditcard'
                    ? 'XXXXXXXXXXXX1234'
                    : f.type === 'lookup'
                      ? null
                      : 'some text',
  }));
  return {
    defs: definitionsOf(all, [form]),
    ticket: { ...t, ticket_form_id: form.id, custom_fields: values } as Ticket,
  };
}

export async function measureTicketTab(ctx: BenchContext): Promise<Row[]> {
  const s = '8. Ticket tab';
  const sb = await startSandboxProcess({ tickets: 1_000 });
  const transport = createUndiciTransport();
  try {
    // Refreshing: the setup moves the sandbox clock past the access token's life.
    ctx.progress(`making a ticket with ${COMMENTS} comments`);
    const id = await ticketWithComments(sb, await agentClient({ http: transport, base: sb.url }));
    // A fresh sign-in, and a fresh window of the per-ticket update limit for the submits below.
    await sb.control('clock', { advanceSeconds: 601 });
    const client = await agentClient({ http: transport, base: sb.url });

    // Opening: the ticket and its conversation, with statuses and field definitions as the tab has them cached.
    const statuses = new StatusCatalog();
    const definitions = new FieldDefinitionsCache(() => loadDefinitions(client));
    const open = async () => {
      const [detail, vocabulary, defs] = await Promise.all([
        loadTicketDetail(client, id),
        statuses.get('bench', client),
        definitions.get('bench'),
      ]);
      return { detail, vocabulary, defs };
    };
    await sb.control('counters/reset');
    const first = await open();
    const cold = countOf(await sb.counters(), /./);
    // The tab opens on the latest page; "Show earlier comments" brings the rest, a page at a time.
    let whole: TicketDetail = first.detail;
    let earlierPages = 0;
    while (whole.earlier) {
      whole = withEarlier(whole, await loadEarlierComments(client, id, whole.earlier));
      earlierPages++;
    }
    if (whole.comments.length !== COMMENTS || first.detail.comments.length !== 100) {
      throw new Error(`ticket ${id} opened with ${first.detail.comments.length} of ${whole.comments.length} comments`);
    }
    const requests: number[] = [];
    const built: number[] = [];
    const { defs, ticket } = largeDefinitions(first.defs.fields, first.defs.forms, first.detail.ticket);
    for (let i = 0, n = ctx.reps(15, 3); i < n; i++) {
      await sb.control('counters/reset');
      const o = await open();
      requests.push(countOf(await sb.counters(), /./));
      // The page model of the whole conversation (every comment's HTML sanitised, as after "Show earlier comments"
      // to the first one: the most the tab ever builds) and the 40 fields.
      const t0 = performance.now();
      const view = detailView({ ...whole, ticket }, { baseUrl: sb.url, now: Date.now(), statuses: o.vocabulary });
      const fields = buildFieldsView({ defs, ticket, staged: {}, people: whole.users });
      built.push(since(t0));
      if (view.comments.length !== COMMENTS || fields.fields.length < FIELDS) {
        throw new Error(`the model has ${view.comments.length} comments and ${fields.fields.length} fields`);
      }
    }

    // A submit: the tab's controller, its one write, and what it asks afterwards (nothing: it shows the answer).
    const afterSubmit: number[] = [];
    const memento = new JsonMemento();
    const drafts = new DraftStore(memento);
    for (let i = 0, n = ctx.reps(5, 2); i < n; i++) {
      const tab = new TicketTabController({
        accountId: 'bench',
        ticketId: id,
        drafts,
        files: new ComposerFiles({
          drafts,
          accountId: 'bench',
          ticketId: id,
          upload: () => Promise.reject(new Error('no uploads in the bench')),
          describe: () => '',
          changed: () => undefined,
        }),
        load: async (signal) => ({
          detail: await loadTicketDetail(client, id, signal),
          statuses: await statuses.get('bench', client),
          baseUrl: sb.url,
        }),
        loadEarlier: (cursor, signal) => loadEarlierComments(client, id, cursor, signal),
        write: (patch, stamp, _a, signal) => sendUpdate(client, id, patch, stamp, signal),
        me: () => undefined,
        pickAgent: async () => undefined,
        definitions: async (_refresh, signal) => ({ defs: await definitions.get('bench', signal), groups: [] }),
        noteRefusal: () => false,
        groupMembers: async () => [],
        pickFollower: async () => undefined,
        pickFiles: async () => ({ files: [], refused: [] }),
        droppedFiles: async () => ({ files: [], refused: 0 }),
        openExternal: async () => undefined,
        changed: () => undefined,
        render: () => undefined,
        logError: () => undefined,
        now: Date.now,
      });
      await tab.load();
      await sb.control('counters/reset');
      await tab.receive({ type: 'submit', body: `Bench note ${i}`, mode: 'internal' });
      const c = await sb.counters();
      if (tab.state.notice?.text !== 'Internal note added.') {
        throw new Error(`the submit failed: ${tab.state.notice?.text} ${tab.state.phase} ${tab.state.message}`);
      }
      afterSubmit.push(countOf(c, /./) - countOf(c, /^PUT \/api\/v2\/tickets\/\{id\}$/));
      tab.dispose();
    }
    return [
      row(
        s,
        `requests to open a ticket with ${COMMENTS} comments (fields, forms, statuses cached)`,
        'requests',
        summarize(requests),
        {
          target: le(3, '≤ 3'),
          note: `first ticket of a session (nothing cached yet): ${cold}; the ticket and its latest 100 comments (newest first, Zendesk's most a page); the ${COMMENTS - 100} earlier come on request (${earlierPages} more)`,
        },
      ),
      row(s, `time to build the page model (${COMMENTS} comments, ${FIELDS} fields)`, 'ms', summarize(built), {
        target: le(50, '≤ 50 ms'),
        note: 'detailView (each comment sanitised) + buildFieldsView',
      }),
      row(s, 'requests after a submit beyond the update itself', 'requests', summarize(afterSubmit), {
        target: le(0, '0'),
        note: 'the tab shows the update’s answer (ticket and audit)',
      }),
    ];
  } finally {
    await transport.close?.();
    await sb.close();
  }
}
