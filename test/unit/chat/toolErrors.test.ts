// Failures as tool results a model can act on: what failed, where, what to do; never a stack.
import assert from 'node:assert/strict';
import { AccessDeclinedError, NotSignedInError } from '../../../src/auth/errors';
import { SessionEndedError } from '../../../src/auth/tokenManager';
import { toolErrorText } from '../../../src/chat/toolErrors';
import {
  ConflictError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ScopeMissingError,
  ServerError,
  ValidationError,
} from '../../../src/zendesk/errors';

const read = { doing: 'reading ticket 123', account: 'acme', record: 'ticket 123' };
const write = { doing: 'changing ticket 123', account: 'acme', record: 'ticket 123', write: true };

describe('chat: errors as tool results', () => {
  it('a missing ticket names the ticket and the account', () => {
    assert.equal(
      toolErrorText(new NotFoundError('GET /api/v2/tickets/123 → 404'), read),
      'Ticket 123 not found on acme (or this user may not see it). Check the number, for example with zendesk_searchTickets.',
    );
  });

  it('a 429 says when to retry, and that nothing changed', () => {
    assert.equal(
      toolErrorText(new RateLimitedError('429', 42), write),
      'Zendesk rate limited changing ticket 123 on acme; retry in 42 s. Nothing was changed.',
    );
  });

  it('missing write access says which access, and what the user can do', () => {
    assert.equal(
      toolErrorText(new ScopeMissingError('403', ['write']), write),
      'Changing ticket 123 needs write access on acme, which this sign-in does not have. Nothing was changed. Ask the user to allow it when VS Code asks, or to sign in again.',
    );
  });

  it('more access refused by the user: nothing changed, do not retry on your own', () => {
    assert.equal(
      toolErrorText(new AccessDeclinedError(['write']), write),
      'The user did not allow the access changing ticket 123 needs on acme. Nothing was changed. Do not retry unless the user asks.',
    );
  });

  it('signed out, session ended, role, refusal, conflict, server and network each get their own advice', () => {
    assert.match(
      toolErrorText(new NotSignedInError(), read),
      /^Not signed in to Zendesk\. Ask the user to run "Zendesk: Sign In"\.$/,
    );
    assert.match(
      toolErrorText(new SessionEndedError(undefined, 'invalid_grant'), write),
      /session on acme has ended\. Nothing was changed\. Ask the user to sign in again/,
    );
    assert.match(toolErrorText(new ForbiddenError('403'), write), /role does not allow it\. Nothing was changed\.$/);
    assert.equal(
      toolErrorText(
        new ValidationError('PUT /api/v2/tickets/123: RecordInvalid', {
          base: [{ description: 'Status: closed prevents ticket update' }],
        }),
        write,
      ),
      'Zendesk refused changing ticket 123 on acme: Status: closed prevents ticket update. Nothing was changed.',
    );
    assert.equal(
      toolErrorText(new ValidationError('RecordInvalid'), write),
      'Zendesk refused changing ticket 123 on acme: RecordInvalid. Nothing was changed.',
    );
    // Any field name, named when its text does not already say it: `status` on a closed ticket, a custom field's id.
    assert.equal(
      toolErrorText(
        new ValidationError('RecordInvalid', {
          status: [{ description: 'Status: closed prevents ticket update' }],
          360001824571: [{ description: 'is not a valid value', error: 'InvalidValue' }],
        }),
        write,
      ),
      'Zendesk refused changing ticket 123 on acme: Status: closed prevents ticket update; 360001824571: is not a valid value. Nothing was changed.',
    );
    assert.match(toolErrorText(new ConflictError('409'), write), /Read it again, then retry\.$/);
    assert.match(toolErrorText(new ServerError('503', 503, 7), read), /\(HTTP 503\); retry in 7 s\.$/);
    assert.match(
      toolErrorText(new ServerError('500', 500), write),
      /may or may not have been made: read the ticket before retrying\.$/,
    );
    assert.match(
      toolErrorText(new NetworkError('reset'), read),
      /^Could not reach Zendesk reading ticket 123 on acme\. Retry shortly\.$/,
    );
  });

  it('an unexpected error gives its message, never its stack', () => {
    const e = new TypeError('boom');
    const text = toolErrorText(e, read);
    assert.equal(text, 'Reading ticket 123 on acme failed: boom');
    assert.ok(!text.includes(' at '), 'a stack frame leaked');
  });
});
