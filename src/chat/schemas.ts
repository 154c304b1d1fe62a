// The chat tools' names and input schemas: the JSON schemas contributed in package.json
// (`contributes.languageModelTools[].inputSchema`) are these objects, and a unit test keeps the two equal. VS Code
// does not check a tool's input against its schema before calling it (seen in 1.139), so validate.ts checks it here.
// No `vscode` import.
import { PRIORITIES, STATUS_CATEGORIES } from '../tickets/statuses';
import type { StatusCategory, TicketPriority } from '../zendesk/types';

export const ToolNames = {
  searchTickets: 'zendesk_searchTickets',
  getTicket: 'zendesk_getTicket',
  listViewTickets: 'zendesk_listViewTickets',
  addComment: 'zendesk_addComment',
  updateTicket: 'zendesk_updateTicket',
  currentTicket: 'zendesk_currentTicket',
} as const;
export type ToolName = (typeof ToolNames)[keyof typeof ToolNames];

/** The subset of JSON Schema the tools use, and validate.ts understands. */
export interface JsonSchema {
  type: 'object' | 'string' | 'integer' | 'boolean' | 'array';
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: false;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

const account: JsonSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  description:
    'The Zendesk account to act as: its subdomain (such as "acme") or account id ("acme/12345"). Leave out to use the account in use in this workspace.',
};
const ticketId: JsonSchema = { type: 'integer', minimum: 1, description: 'The Zendesk ticket number, such as 123.' };
const limit: JsonSchema = {
  type: 'integer',
  minimum: 1,
  maximum: 100,
  default: 25,
  description: 'How many tickets to return at most (1-100, default 25).',
};
const tagList: JsonSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 50,
  items: { type: 'string', minLength: 1, maxLength: 80 },
};

/** The status categories a change may name (a ticket never goes back to New): statuses.ts's, in Zendesk's order. */
export const STATUSES = STATUS_CATEGORIES.filter((c): c is Exclude<StatusCategory, 'new'> => c !== 'new');

export const InputSchemas: Record<ToolName, JsonSchema> = {
  [ToolNames.searchTickets]: {
    type: 'object',
    properties: {
      query: {
        type: 'string',
        minLength: 1,
        maxLength: 1000,
        description:
          'Zendesk search syntax for tickets, such as "status:open assignee:me", "tags:vip printer", "requester:jane@example.com created>2024-01-01".',
      },
      limit,
      account,
    },
    required: ['query'],
    additionalProperties: false,
  },
  [ToolNames.getTicket]: {
    type: 'object',
    properties: { ticketId, account },
    required: ['ticketId'],
    additionalProperties: false,
  },
  [ToolNames.listViewTickets]: {
    type: 'object',
    properties: {
      viewId: { type: 'integer', minimum: 1, description: 'The id of the Zendesk view.' },
      viewTitle: {
        type: 'string',
        minLength: 1,
        maxLength: 200,
        description: 'The title of the view, such as "Your unsolved tickets", when its id is not known.',
      },
      limit,
      account,
    },
    additionalProperties: false,
  },
  [ToolNames.addComment]: {
    type: 'object',
    properties: {
      ticketId,
      body: { type: 'string', minLength: 1, maxLength: 65000, description: 'The comment text (Markdown).' },
      public: {
        type: 'boolean',
        default: false,
        description:
          'true only when the user explicitly asked for a public reply that the requester will see. Default false: an internal note, visible to agents only.',
      },
      account,
    },
    required: ['ticketId', 'body'],
    additionalProperties: false,
  },
  [ToolNames.updateTicket]: {
    type: 'object',
    properties: {
      ticketId,
      status: {
        type: 'string',
        enum: STATUSES,
        description: "The new status category; the ticket takes the account's default status in it.",
      },
      customStatus: {
        type: 'string',
        minLength: 1,
        maxLength: 48,
        description:
          'One of the account\'s own ticket statuses, by its name as zendesk_getTicket lists them (such as "Waiting on engineering"). Instead of status, on accounts with custom ticket statuses.',
      },
      priority: { type: 'string', enum: [...PRIORITIES], description: 'The new priority.' },
      assigneeId: {
        type: 'integer',
        minimum: 1,
        description: "The user id of the agent to assign the ticket to (user ids appear in the other tools' results).",
      },
      addTags: { ...tagList, description: "Tags to add; the ticket's other tags stay." },
      removeTags: { ...tagList, description: "Tags to remove; the ticket's other tags stay." },
      account,
    },
    required: ['ticketId'],
    additionalProperties: false,
  },
  // The ticket is the workspace's (the branch's, set by "Start Work on Ticket"): nothing to give.
  [ToolNames.currentTicket]: {
    type: 'object',
    properties: {},
    additionalProperties: false,
  },
};

export interface AccountInput {
  account?: string;
}
export interface SearchTicketsInput extends AccountInput {
  query: string;
  limit?: number;
}
export interface GetTicketInput extends AccountInput {
  ticketId: number;
}
export interface ListViewTicketsInput extends AccountInput {
  viewId?: number;
  viewTitle?: string;
  limit?: number;
}
export interface AddCommentInput extends AccountInput {
  ticketId: number;
  body: string;
  public?: boolean;
}
export interface UpdateTicketInput extends AccountInput {
  ticketId: number;
  status?: (typeof STATUSES)[number];
  /** A custom status's agent label. */
  customStatus?: string;
  priority?: TicketPriority;
  assigneeId?: number;
  addTags?: string[];
  removeTags?: string[];
}
/** zendesk_currentTicket takes nothing. */
export type CurrentTicketInput = Record<string, never>;
