// Checks a tool's input against its JSON schema (schemas.ts), then the rules a schema cannot say (a query with an
// unclosed quote, an update that changes nothing). A model acts on the result, so each problem names the field,
// what was wrong and what is expected. No `vscode` import.
import {
  InputSchemas,
  ToolNames,
  type AddCommentInput,
  type CurrentTicketInput,
  type GetTicketInput,
  type JsonSchema,
  type ListViewTicketsInput,
  type SearchTicketsInput,
  type ToolName,
  type UpdateTicketInput,
} from './schemas';

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Each tool's input, once validated. */
export interface InputOf {
  [ToolNames.searchTickets]: SearchTicketsInput;
  [ToolNames.getTicket]: GetTicketInput;
  [ToolNames.listViewTickets]: ListViewTicketsInput;
  [ToolNames.addComment]: AddCommentInput;
  [ToolNames.updateTicket]: UpdateTicketInput;
  [ToolNames.currentTicket]: CurrentTicketInput;
}

export function validateInput<N extends ToolName>(tool: N, input: unknown): Validated<InputOf[N]> {
  const problems = checkSchema(InputSchemas[tool], input, 'input');
  if (problems.length) return { ok: false, problems };
  const value = input as InputOf[N];
  const more = RULES[tool](value as never);
  return more.length ? { ok: false, problems: more } : { ok: true, value };
}

/** The text a model gets for bad input: what is wrong, and that nothing reached Zendesk. */
export function invalidInputText(tool: ToolName, problems: readonly string[]): string {
  return `Invalid input for ${tool}: ${problems.join('; ')}. Nothing was sent to Zendesk; correct the input and call the tool again.`;
}

const RULES: { [N in ToolName]: (v: InputOf[N]) => string[] } = {
  [ToolNames.searchTickets]: (v) => queryProblems(v.query),
  [ToolNames.getTicket]: () => [],
  [ToolNames.currentTicket]: () => [],
  [ToolNames.listViewTickets]: (v) =>
    v.viewId !== undefined && v.viewTitle !== undefined ? ['give viewId or viewTitle, not both'] : [],
  [ToolNames.addComment]: (v) => (v.body.trim() === '' ? ['body is only whitespace; give the comment text'] : []),
  [ToolNames.updateTicket]: (v) => {
    const out: string[] = [];
    if (
      v.status === undefined &&
      v.customStatus === undefined &&
      v.priority === undefined &&
      v.assigneeId === undefined &&
      v.addTags === undefined &&
      v.removeTags === undefined
    ) {
      out.push(
        'nothing to change; give at least one of status, customStatus, priority, assigneeId, addTags, removeTags',
      );
    }
    if (v.status !== undefined && v.customStatus !== undefined) out.push('give status or customStatus, not both');
    for (const tag of [...(v.addTags ?? []), ...(v.removeTags ?? [])]) {
      if (/\s/.test(tag)) out.push(`tag "${tag}" contains a space; Zendesk tags are single words (use "_" instead)`);
    }
    const both = (v.addTags ?? []).filter((t) => (v.removeTags ?? []).includes(t));
    if (both.length) {
      out.push(`tag${both.length > 1 ? 's' : ''} ${both.map((t) => `"${t}"`).join(', ')} both added and removed`);
    }
    return out;
  },
};

/** Zendesk search syntax that cannot work here: no words, an unclosed quote, or a search for something else than tickets. */
export function queryProblems(query: string): string[] {
  const out: string[] = [];
  if (query.trim() === '') out.push('query is empty; give Zendesk search terms such as "status:open printer"');
  if ((query.match(/"/g)?.length ?? 0) % 2 === 1) out.push('query has an unclosed double quote');
  const type = /(?:^|\s)type:(\S+)/i.exec(query)?.[1];
  if (type !== undefined && type.toLowerCase() !== 'ticket') {
    out.push(`query asks for type:${type}, but this tool searches tickets only; remove "type:${type}"`);
  }
  return out;
}

/**
 * The schema subset of schemas.ts. `at` is the field's path as the model wrote it ("ticketId", "addTags[1]").
 *
 * Written by hand rather than with ajv, measured (December 2026, ajv 8.20): ajv bundled and minified is 125 KB, a
 * quarter of the production `dist/main.js` (507 KB), to check six small schemas this extension writes itself, with
 * five types and nine keywords. Its messages ("must be >= 1" at "/ticketId") are not what a model needs to correct
 * its call, so a mapper from ajv's errors to these sentences (the field as the model wrote it, what was wrong, what
 * is expected, what it sent) would be needed anyway, about as long as this function. Precompiling the schemas with
 * ajv's standalone code would drop the runtime but add a code-generation step to the build. Revisit if the tools'
 * schemas grow beyond this subset (`$ref`, `oneOf`, patterns): the unit tests of validate.ts state the messages.
 */
export function checkSchema(schema: JsonSchema, value: unknown, at: string): string[] {
  const name = at === 'input' ? 'the input' : at;
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return [`${name} must be a JSON object, got ${describe(value)}`];
      }
      const obj = value as Record<string, unknown>;
      const props = schema.properties ?? {};
      const out: string[] = [];
      for (const key of schema.required ?? []) if (obj[key] === undefined) out.push(`${key} is required`);
      for (const [key, v] of Object.entries(obj)) {
        const prop = props[key];
        if (!prop) {
          if (schema.additionalProperties === false) {
            out.push(`unknown field "${key}" (expected ${Object.keys(props).join(', ')})`);
          }
        } else if (v !== undefined) {
          out.push(...checkSchema(prop, v, at === 'input' ? key : `${at}.${key}`));
        }
      }
      return out;
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        return [`${name} must be a whole number${range(schema)}, got ${describe(value)}`];
      }
      if (
        (schema.minimum !== undefined && value < schema.minimum) ||
        (schema.maximum !== undefined && value > schema.maximum)
      ) {
        return [`${name} must be a whole number${range(schema)}, got ${value}`];
      }
      return [];
    }
    case 'string': {
      if (typeof value !== 'string') return [`${name} must be a string, got ${describe(value)}`];
      if (schema.enum && !schema.enum.includes(value)) {
        return [`${name} must be one of ${schema.enum.join(', ')}; got ${describe(value)}`];
      }
      if (schema.minLength !== undefined && value.length < schema.minLength) return [`${name} must not be empty`];
      if (schema.maxLength !== undefined && value.length > schema.maxLength) {
        return [`${name} is ${value.length} characters long; at most ${schema.maxLength} are allowed`];
      }
      return [];
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${name} must be true or false, got ${describe(value)}`];
    case 'array': {
      if (!Array.isArray(value)) return [`${name} must be a list, got ${describe(value)}`];
      const out: string[] = [];
      if (schema.minItems !== undefined && value.length < schema.minItems) {
        out.push(`${name} must have at least ${schema.minItems} item${schema.minItems > 1 ? 's' : ''}`);
      }
      if (schema.maxItems !== undefined && value.length > schema.maxItems) {
        out.push(`${name} has ${value.length} items; at most ${schema.maxItems} are allowed`);
      }
      if (schema.items) {
        value.forEach((item, i) => out.push(...checkSchema(schema.items as JsonSchema, item, `${at}[${i}]`)));
      }
      return out;
    }
  }
}

function range(s: JsonSchema): string {
  if (s.minimum !== undefined && s.maximum !== undefined) return ` from ${s.minimum} to ${s.maximum}`;
  if (s.minimum !== undefined) return ` of at least ${s.minimum}`;
  return '';
}

/** A short, safe rendering of what the model sent. */
function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return 'an object';
  return String(v);
}
