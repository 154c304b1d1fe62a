// Tool input checked against the JSON schemas contributed in package.json, with results a model can act on.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { InputSchemas, ToolNames } from '../../../src/chat/schemas';
import { invalidInputText, queryProblems, validateInput } from '../../../src/chat/validate';
import { findRoot } from '../../support/repoRoot';

function problems(tool: Parameters<typeof validateInput>[0], input: unknown): string[] {
  const r = validateInput(tool, input);
  return r.ok ? [] : r.problems;
}

describe('chat: input validation', () => {
  it('the schemas checked are the ones package.json contributes, for every tool', () => {
    const dir = findRoot();
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      contributes: { languageModelTools: { name: string; inputSchema: unknown; toolReferenceName?: string }[] };
    };
    const contributed = pkg.contributes.languageModelTools;
    assert.deepEqual(contributed.map((t) => t.name).sort(), Object.values(ToolNames).sort());
    for (const t of contributed) {
      assert.deepEqual(
        t.inputSchema,
        JSON.parse(JSON.stringify(InputSchemas[t.name as keyof typeof InputSchemas])),
        t.name,
      );
    }
    assert.equal(contributed.find((t) => t.name === ToolNames.getTicket)?.toolReferenceName, 'zendeskTicket');
  });

  it('accepts good input as is', () => {
    assert.deepEqual(validateInput(ToolNames.getTicket, { ticketId: 12 }), { ok: true, value: { ticketId: 12 } });
    assert.equal(
      validateInput(ToolNames.updateTicket, { ticketId: 1, status: 'solved', addTags: ['vip'], account: 'acme' }).ok,
      true,
    );
    assert.equal(
      validateInput(ToolNames.updateTicket, { ticketId: 1, customStatus: 'Waiting on engineering' }).ok,
      true,
      'a custom status alone is a change',
    );
    assert.equal(validateInput(ToolNames.listViewTickets, {}).ok, true, 'no view: the views are listed');
  });

  const bad: [string, Parameters<typeof validateInput>[0], unknown, RegExp][] = [
    ['no object', ToolNames.getTicket, 'ticket 12', /the input must be a JSON object, got "ticket 12"/],
    ['a missing id', ToolNames.getTicket, {}, /ticketId is required/],
    [
      'an id as text',
      ToolNames.getTicket,
      { ticketId: '#12' },
      /ticketId must be a whole number of at least 1, got "#12"/,
    ],
    ['a fraction', ToolNames.getTicket, { ticketId: 1.5 }, /ticketId must be a whole number of at least 1, got 1.5/],
    ['zero', ToolNames.getTicket, { ticketId: 0 }, /ticketId must be a whole number of at least 1, got 0/],
    [
      'an unknown field',
      ToolNames.getTicket,
      { ticketId: 1, id: 1 },
      /unknown field "id" \(expected ticketId, account\)/,
    ],
    ['an empty query', ToolNames.searchTickets, { query: '' }, /query must not be empty/],
    ['a blank query', ToolNames.searchTickets, { query: '   ' }, /query is empty/],
    [
      'a limit too high',
      ToolNames.searchTickets,
      { query: 'x', limit: 500 },
      /limit must be a whole number from 1 to 100, got 500/,
    ],
    [
      'a status not in the enum',
      ToolNames.updateTicket,
      { ticketId: 1, status: 'done' },
      /status must be one of open, pending, hold, solved; got "done"/,
    ],
    [
      'a priority not in the enum',
      ToolNames.updateTicket,
      { ticketId: 1, priority: 'URGENT' },
      /priority must be one of low, normal, high, urgent/,
    ],
    ['an update changing nothing', ToolNames.updateTicket, { ticketId: 1 }, /nothing to change/],
    [
      'a status and a custom status',
      ToolNames.updateTicket,
      { ticketId: 1, status: 'open', customStatus: 'Investigating' },
      /give status or customStatus, not both/,
    ],
    [
      "a custom status longer than Zendesk's 48 characters",
      ToolNames.updateTicket,
      { ticketId: 1, customStatus: 'x'.repeat(49) },
      /customStatus is 49 characters long; at most 48 are allowed/,
    ],
    [
      'a tag with a space',
      ToolNames.updateTicket,
      { ticketId: 1, addTags: ['two words'] },
      /tag "two words" contains a space/,
    ],
    [
      'a tag added and removed',
      ToolNames.updateTicket,
      { ticketId: 1, addTags: ['a'], removeTags: ['a'] },
      /tag "a" both added and removed/,
    ],
    [
      'a tag that is not text',
      ToolNames.updateTicket,
      { ticketId: 1, addTags: [3] },
      /addTags\[0\] must be a string, got 3/,
    ],
    [
      'public as text',
      ToolNames.addComment,
      { ticketId: 1, body: 'x', public: 'yes' },
      /public must be true or false, got "yes"/,
    ],
    ['a whitespace body', ToolNames.addComment, { ticketId: 1, body: ' \n ' }, /body is only whitespace/],
    [
      'view id and title',
      ToolNames.listViewTickets,
      { viewId: 1, viewTitle: 'x' },
      /give viewId or viewTitle, not both/,
    ],
  ];
  for (const [what, tool, input, expected] of bad) {
    it(`refuses ${what} with a clear reason`, () => {
      const p = problems(tool, input);
      assert.ok(
        p.some((x) => expected.test(x)),
        `${JSON.stringify(p)} does not match ${expected}`,
      );
    });
  }

  it('queries that cannot work are refused before Zendesk sees them', () => {
    assert.deepEqual(queryProblems('status:open "printer on fire'), ['query has an unclosed double quote']);
    assert.deepEqual(queryProblems('type:user jane'), [
      'query asks for type:user, but this tool searches tickets only; remove "type:user"',
    ]);
    assert.deepEqual(queryProblems('type:ticket status<solved tags:vip'), []);
  });

  it('the text says what is wrong and that nothing was sent', () => {
    assert.equal(
      invalidInputText(ToolNames.getTicket, ['ticketId is required']),
      'Invalid input for zendesk_getTicket: ticketId is required. Nothing was sent to Zendesk; correct the input and call the tool again.',
    );
  });
});
