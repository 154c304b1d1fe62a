// Shapes shared by the Zendesk layer: the injected logger and the API's JSON objects
// (https://developer.zendesk.com/api-reference/ticketing/introduction/).
// Only the fields the extension reads are typed; Zendesk sends many more.

/** What every component logs through (log.ts's RedactingLogger implements it), injected by the caller, which tags and
 * redacts each line. The one definition: the Zendesk layer is the lowest that needs it. It never passes it a token. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
}

export const NO_LOG: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export type UserRole = 'end-user' | 'agent' | 'admin';

export interface ZendeskUser {
  id: number;
  name: string;
  /** Null for end users who have none (a caller by phone, a chat visitor). */
  email: string | null;
  role: UserRole;
  active?: boolean;
  suspended?: boolean;
  time_zone?: string;
  locale?: string;
  organization_id?: number | null;
  photo?: { content_url?: string } | null;
  url?: string;
}

/** Zendesk's ticket statuses, in its order (new < open < pending < hold < solved < closed): the list and the type are
 * one declaration, which tickets/statuses.ts builds the product's vocabulary on. */
export const TICKET_STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
/** The five categories custom ticket statuses belong to; a closed ticket is in `solved`. */
export type StatusCategory = Exclude<TicketStatus, 'closed'>;
/** Zendesk's ticket priorities, lowest first, as its agent workspace offers them. */
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
/** Zendesk's ticket types, in the order its agent workspace offers them. */
export const TICKET_TYPES = ['question', 'incident', 'problem', 'task'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export interface Ticket {
  id: number;
  url?: string;
  subject: string;
  /** Null on some real tickets (those created without a first comment by some channels). */
  description?: string | null;
  status: TicketStatus;
  /** The account's own status of the ticket, in the category `status` names (custom ticket statuses). */
  custom_status_id?: number | null;
  priority: TicketPriority | null;
  type?: TicketType | null;
  requester_id: number;
  submitter_id?: number;
  assignee_id: number | null;
  group_id?: number | null;
  organization_id?: number | null;
  tags: string[];
  created_at: string;
  updated_at: string;
  due_at?: string | null;
  /** Every active custom field with its value (null when unset). */
  custom_fields?: CustomFieldValue[];
  ticket_form_id?: number | null;
  email_cc_ids?: number[];
  follower_ids?: number[];
}

/** A custom field's value on a ticket: text, a drop-down's tag, a checkbox, a multi-select's tags, a lookup's id. */
export type FieldValue = string | number | boolean | string[] | null;

export interface CustomFieldValue {
  id: number;
  value: FieldValue;
}

/** `email_ccs` / `followers` entries of a ticket write: `put` adds, `delete` removes
 * (https://developer.zendesk.com/documentation/ticketing/managing-tickets/creating-and-updating-tickets/). */
export interface PersonChange {
  user_id?: number;
  user_email?: string;
  user_name?: string;
  action: 'put' | 'delete';
}

/** What updateTicket may change; `tags` replaces the whole list. `comment.body` is Markdown (Zendesk renders it). */
export interface TicketPatch {
  status?: TicketStatus;
  /** A custom ticket status: Zendesk sets `status` to its category. */
  custom_status_id?: number;
  priority?: TicketPriority | null;
  assignee_id?: number | null;
  tags?: string[];
  comment?: { body: string; public: boolean; uploads?: string[] };
  type?: TicketType | null;
  group_id?: number | null;
  ticket_form_id?: number;
  custom_fields?: CustomFieldValue[];
  email_ccs?: PersonChange[];
  followers?: PersonChange[];
}

export interface Attachment {
  id: number;
  file_name: string;
  content_url: string;
  content_type?: string;
  size?: number;
  inline?: boolean;
}

export interface TicketComment {
  id: number;
  type?: 'Comment' | 'VoiceComment';
  author_id: number;
  body: string;
  html_body?: string;
  plain_body?: string;
  public: boolean;
  created_at: string;
  attachments?: Attachment[];
}

/** A custom ticket status (https://developer.zendesk.com/api-reference/ticketing/tickets/custom_ticket_statuses/). */
export interface CustomStatus {
  id: number;
  status_category: StatusCategory;
  /** What agents see, at most 48 characters. */
  agent_label: string;
  end_user_label?: string | null;
  /** When an agent should choose it. */
  description?: string | null;
  active: boolean;
  /** The category's default: what a ticket gets when only `status` is set. */
  default: boolean;
}

export interface Group {
  id: number;
  name: string;
  deleted?: boolean;
}

export interface View {
  id: number;
  title: string;
  active: boolean;
  position?: number;
  description?: string | null;
  default?: boolean;
  created_at?: string;
  updated_at?: string;
}

/** `value` is null while Zendesk is still counting. */
export interface ViewCount {
  view_id: number;
  value: number | null;
  pretty?: string;
  fresh?: boolean;
}

/** Zendesk's cursor pagination block (`meta`), shared by every cursor-paged list. */
export interface CursorMeta {
  has_more: boolean;
  after_cursor?: string | null;
  before_cursor?: string | null;
}

/** The types of ticket field Zendesk has: system fields, then custom ones
 * (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/). */
export type TicketFieldType =
  | 'subject'
  | 'description'
  | 'status'
  | 'custom_status'
  | 'tickettype'
  | 'priority'
  | 'basic_priority'
  | 'group'
  | 'assignee'
  | 'text'
  | 'textarea'
  | 'checkbox'
  | 'date'
  | 'integer'
  | 'decimal'
  | 'regexp'
  | 'partialcreditcard'
  | 'tagger'
  | 'multiselect'
  | 'lookup';

export interface TicketField {
  id: number;
  /** A type this extension does not know yet reads as its own string. */
  type: TicketFieldType | (string & {});
  title: string;
  description?: string | null;
  agent_description?: string | null;
  active: boolean;
  /** Required to solve a ticket (when the field is on the ticket's form). */
  required: boolean;
  position?: number;
  regexp_for_validation?: string | null;
  /** A checkbox's tag. */
  tag?: string | null;
  custom_field_options?: { id: number; name: string; value: string; default?: boolean }[];
  system_field_options?: { name: string; value: string }[];
  /** What a lookup points to: `zen:user`, `zen:organization`, `zen:ticket`, `zen:custom_object:KEY`. */
  relationship_target_type?: string;
  agent_can_edit?: boolean;
}

/** A form's condition: when `parent_field_id` has `value`, the child fields show (and may be required). */
export interface FormCondition {
  parent_field_id: number;
  value: string | boolean | number | null;
  child_fields: {
    id: number;
    is_required: boolean;
    required_on_statuses?: {
      type: 'ALL_STATUSES' | 'SOME_STATUSES' | 'NO_STATUSES' | (string & {});
      statuses?: string[];
      custom_statuses?: number[];
    };
  }[];
}

export interface TicketForm {
  id: number;
  name: string;
  display_name?: string;
  active: boolean;
  default: boolean;
  position?: number;
  end_user_visible?: boolean;
  /** The form's fields, in the order the ticket shows them. */
  ticket_field_ids: number[];
  agent_conditions?: FormCondition[];
  end_user_conditions?: FormCondition[];
}

/** A macro (https://developer.zendesk.com/api-reference/ticketing/business-rules/macros/): `title` may name its
 * categories, `Category::Sub::Name`; `restriction` null is everyone, `User` a personal macro, `Group` some groups. */
export interface Macro {
  id: number;
  title: string;
  active: boolean;
  description?: string | null;
  position?: number;
  restriction?: { type: 'User' | 'Group'; id: number; ids?: number[] } | null;
}

/** The comment a macro adds, as "Show Ticket After Changes" answers it. */
export interface MacroComment {
  body?: string;
  html_body?: string;
  /** Absent: public, as a ticket comment is unless it says otherwise. */
  public?: boolean;
  scoped_body?: [string, string][];
}

/** The ticket as it would be after the macro (`result.ticket`): its id and the fields the macro sets (Zendesk may
 * send the whole ticket), with the comment it adds. */
export type MacroResult = Partial<Omit<Ticket, 'id'>> & { id: number; comment?: MacroComment };

/** A new ticket (`POST /api/v2/tickets`): the requester by id or by name and email (found, or made an end user, by
 * Zendesk); the first comment is its description. */
export interface NewTicket {
  subject: string;
  comment: { body: string; public: boolean };
  requester_id?: number;
  requester?: { name?: string; email: string };
  priority?: TicketPriority;
  type?: TicketType;
  /** The status to create it as (a category), or its custom status on an account with them. */
  status?: StatusCategory;
  custom_status_id?: number;
  group_id?: number;
  assignee_id?: number;
  tags?: string[];
  ticket_form_id?: number;
  custom_fields?: CustomFieldValue[];
}
