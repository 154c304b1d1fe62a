/**
 * `/agent/tickets/{id}`: the ticket in Zendesk's agent workspace, where "Open in Zendesk" leads. The sandbox answers
 * a plain page with the ticket's fields and conversation, so that link works in demos and tests instead of showing an
 * API error.
 */
import { escapeHtml, page } from './pages';
import { html, Reply } from './reply';
import { idParam, RequestContext, Router } from './router';
import { PRIORITIES, STATUSES } from './store';

function name(ctx: RequestContext, id: number): string {
  const u = id ? ctx.state.users.get(id) : undefined;
  return u ? u.name : '-';
}

function ticketPage(ctx: RequestContext): Reply {
  const id = idParam(ctx);
  const s = ctx.state.store;
  // CHOICE: the page needs no sign-in (the sandbox's data is test data on loopback; Zendesk would ask an agent to
  // sign in first), and an unknown ticket is a 404 page rather than the agent workspace's "not found" view.
  if (!s.has(id)) return html(404, page('Ticket not found', `<h1>Ticket #${id} not found</h1>`));
  const i = id - 1;
  const rows: [string, string][] = [
    ['Status', STATUSES[s.status[i] ?? 0] ?? ''],
    ['Priority', PRIORITIES[s.priority[i] ?? 0] ?? '-'],
    ['Requester', name(ctx, s.requester[i] ?? 0)],
    ['Assignee', name(ctx, s.assignee[i] ?? 0)],
  ];
  // Comments as their text, escaped: html_body may hold hostile markup kept on purpose (see ticketWrites.ts).
  const comments = s
    .comments(id)
    .map(
      (c) =>
        `<li class="${c.public ? 'public' : 'internal'}"><p><strong>${escapeHtml(name(ctx, c.authorId))}</strong> (${c.public ? 'public reply' : 'internal note'})</p><p>${escapeHtml(c.body)}</p></li>`,
    )
    .join('\n');
  const subject = s.subject(id);
  return html(
    200,
    page(
      `#${id} ${subject}`,
      `<h1>#${id} ${escapeHtml(subject)}</h1>
<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
<ol class="comments">
${comments}
</ol>`,
    ),
  );
}

export function registerAgentPages(router: Router): void {
  router.add('GET /agent/tickets/{id}', ticketPage);
}
