import * as assert from 'node:assert/strict';
import { RedirectUriNotRegisteredError } from '../../../src/auth/preflight';
import {
  AuthorizationDeniedError,
  PortInUseError,
  RedirectCancelledError,
  RedirectTimeoutError,
  StateMismatchError,
} from '../../../src/auth/redirect';
import {
  AccessDeclinedError,
  AmbiguousAccountError,
  NoClientSecretError,
  NotSignedInError,
  SessionNotGrantedError,
  WrongUserError,
} from '../../../src/auth/errors';
import { readPastedCallback } from '../../../src/auth/redirect/manual';
import { SecretStorageError } from '../../../src/auth/session';
import { SessionEndedError } from '../../../src/auth/tokenManager';
import {
  classify,
  commandLink,
  ERROR_KINDS,
  describeError,
  describeSignInFailure,
  isCancellation,
  signInFailureNotice,
  type ErrorKind,
} from '../../../src/ui/errorText';
import { toolErrorText } from '../../../src/chat/toolErrors';
import { fieldErrors } from '../../../src/tickets/detail/detailModel';
import { signInProgress } from '../../../src/auth/signInProgress';
import { assertTokenHostAllowed } from '../../../src/zendesk/subdomain';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  HostNotAllowedError,
  HostNotFoundError,
  InvalidTokenError,
  InvalidInputError,
  NetworkError,
  NotFoundError,
  OAuthError,
  RateLimitedError,
  ScopeMissingError,
  ServerError,
  ValidationError,
} from '../../../src/zendesk/errors';
import { errorFromResponse } from '../../../src/zendesk/responses';

/** What readPastedCallback throws for `input`: the error the manual sign-in ends with. */
function readError(input: string): unknown {
  try {
    readPastedCallback(input, 'expected-state');
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('how errors read to the user', () => {
  const table: [string, unknown, RegExp, boolean?][] = [
    [
      'Deny in Zendesk',
      new AuthorizationDeniedError('access_denied', 'The end-user denied the request'),
      /^Sign in failed: Access was denied in Zendesk\. Sign in again and choose Allow\.$/,
      true,
    ],
    [
      'a subdomain that does not exist',
      new HostNotFoundError(
        'acme-nope.zendesk.com',
        'GET https://acme-nope.zendesk.com/oauth/authorizations/new failed: ENOTFOUND',
      ),
      /^Sign in failed: acme-nope\.zendesk\.com does not resolve\. Check the Zendesk subdomain for typos, then your connection\.$/,
    ],
    ['a state mismatch', new StateMismatchError(), /did not match this sign-in attempt\. Start the sign-in again\./],
    [
      'a pasted bare code',
      readError('0a1b2c3d4e5f6a7b8c9d'),
      /^Sign in failed: Paste the whole address from the browser's address bar \(it starts with http…\), not only the code\.$/,
    ],
    [
      'an expired or reused code',
      new OAuthError('invalid_grant', 'The provided authorization grant is invalid', 400),
      /expired or was already used\. Sign in again\./,
      true,
    ],
    [
      'a rejected client',
      new OAuthError('invalid_client', 'Client authentication failed', 401),
      /Check its identifier \(not the numeric id\) and secret/,
    ],
    [
      'an unregistered redirect URL',
      new RedirectUriNotRegisteredError('http://127.0.0.1:48127/callback'),
      /http:\/\/127\.0\.0\.1:48127\/callback.*scheme, host, port and trailing slash/,
    ],
    ['a busy port', new PortInUseError(48127), /Port 48127 .*zendesk\.oauth\.loopbackPort/],
    ['a time-out', new RedirectTimeoutError(), /timed out/],
    [
      'a scope the session lacks',
      new ScopeMissingError('missing write', ['write']),
      /^Sign in failed: your Zendesk session lacks write access\. Sign in to allow it\.$/,
      true,
    ],
    [
      'no session for the account',
      new NotSignedInError('acme/7'),
      /^Sign in failed: Not signed in to acme\/7\. Sign in first\.$/,
      true,
    ],
    [
      'a request file for an account not signed in',
      new NotSignedInError('gamma'),
      /^Sign in failed: Not signed in to gamma\. Sign in first\.$/,
      true,
    ],
    [
      'a name two signed-in users share',
      new AmbiguousAccountError('acme', [
        { accountId: 'acme/7', userName: 'Ann' },
        { accountId: 'acme/8', userName: 'Bob' },
      ]),
      /^Sign in failed: Several signed-in accounts are on acme: acme\/7 \(Ann\), acme\/8 \(Bob\)\. Name one by its account id, such as acme\/7\.$/,
    ],
    [
      'more access allowed as someone else',
      new WrongUserError('Ann (acme)', 'Bob (acme)'),
      /You allowed access as Bob \(acme\), not Ann \(acme\)\. Nothing was changed; sign in as Ann \(acme\) to allow it\./,
    ],
    [
      'a session another extension was not given',
      new SessionNotGrantedError(),
      /was not given to the caller.*getSession/,
    ],
    ['a role that may not', new ForbiddenError('Forbidden'), /role does not allow this\. Ask a Zendesk admin/],
    [
      'a keychain failure',
      new SecretStorageError('write', new Error('no keyring')),
      /OS keychain: no keyring\. On Linux, start and unlock a keyring/,
    ],
    ['a network error', new NetworkError('ECONNRESET'), /Could not reach Zendesk\. .*your session is kept/],
    ['a rate limit', new RateLimitedError('429', 30), /Try again in 30 s\./],
    [
      'an ended session',
      new SessionEndedError(undefined, 'invalid_grant'),
      /^Your Zendesk session has ended\. Sign in again\?$/,
      true,
    ],
    [
      'a confidential client without its secret',
      new NoClientSecretError('vscode'),
      /^Sign in failed: vscode is a confidential client, and signing in needs its client secret\. Enter it with Update Client Secret\.$/,
    ],
    ['more access declined', new AccessDeclinedError(['write']), /^Sign in cancelled: write access was not granted\.$/],
    [
      'a change made by someone else at the same time',
      new ConflictError('PUT /api/v2/tickets/7: 409'),
      /^Sign in failed: someone changed it at the same time\. Read the latest and try again\.$/,
    ],
    [
      'no such record',
      new NotFoundError('GET /api/v2/tickets/7: RecordNotFound'),
      /^Sign in failed: Zendesk found no such record, or your role may not see it\.$/,
    ],
    [
      'a bad subdomain',
      new InvalidInputError('"a_b" has invalid characters'),
      /^Sign in failed: "a_b" has invalid characters$/,
    ],
  ];
  for (const [what, error, text, signIn] of table) {
    it(`${what}: ${text}`, () => {
      const m = describeError(error);
      assert.match(m.text, text);
      assert.equal(!!m.signIn, !!signIn, `Sign In button for ${what}`);
      assert.ok(m.text.length < 260, 'messages stay short');
    });
  }

  it('treats a cancel as no error at all', () => {
    assert.equal(isCancellation(new RedirectCancelledError()), true);
    assert.equal(isCancellation(new StateMismatchError()), false);
  });

  it('says what was kept after the words, when the caller kept something', () => {
    assert.equal(
      describeError(new NetworkError('reset'), { action: 'Sending', kept: 'Your text is kept as a draft.' }).text,
      'Could not reach Zendesk. Check your connection and try again; your session is kept. Your text is kept as a draft.',
    );
    assert.equal(
      describeError(new AccessDeclinedError(['write']), { action: 'Sending', kept: 'Your text is kept as a draft.' })
        .text,
      'Sending cancelled: write access was not granted. Your text is kept as a draft.',
    );
  });
});

describe('one mapper, two audiences: the user and a language model read the same classification', () => {
  const read = { doing: 'reading ticket 7', account: 'acme', record: 'ticket 7' };
  const write = { doing: 'changing ticket 7', account: 'acme', record: 'ticket 7', write: true };
  const ctrl = new AbortController();
  ctrl.abort();
  // Examples of every kind: a Record, so a kind added to ErrorOf without an example does not compile, and the
  // first test below fails for a kind the source table (ERROR_KINDS) has that this list lacks, or the reverse.
  const examples: Record<ErrorKind, unknown[]> = {
    declined: [new AccessDeclinedError(['write'])],
    cancelled: [new RedirectCancelledError(), ctrl.signal.reason],
    denied: [new AuthorizationDeniedError('access_denied'), new OAuthError('access_denied')],
    codeExpired: [new OAuthError('invalid_grant')],
    clientRejected: [new OAuthError('invalid_client')],
    scopeNotAllowed: [new OAuthError('invalid_scope')],
    oauth: [new OAuthError('temporarily_unavailable')],
    noClientSecret: [new NoClientSecretError('vscode')],
    sessionEnded: [new SessionEndedError(undefined, 'gone')],
    tokenRejected: [new InvalidTokenError('401')],
    scopeMissing: [new ScopeMissingError('403', ['write'])],
    notSignedIn: [new NotSignedInError()],
    ambiguousAccount: [
      new AmbiguousAccountError('acme', [
        { accountId: 'acme/1', userName: 'Ann' },
        { accountId: 'acme/2', userName: 'Bob' },
      ]),
    ],
    wrongUser: [new WrongUserError('Ann', 'Bob')],
    notGranted: [new SessionNotGrantedError()],
    forbidden: [new ForbiddenError('403')],
    rateLimited: [new RateLimitedError('429', 3)],
    refused: [new ValidationError('422')],
    conflict: [new ConflictError('409')],
    notFound: [new NotFoundError('404')],
    badRequest: [new BadRequestError('400', 400)],
    server: [new ServerError('503', 503)],
    hostNotFound: [new HostNotFoundError('acme-nope.zendesk.com', 'ENOTFOUND')],
    network: [new NetworkError('reset')],
    hostNotAllowed: [new HostNotAllowedError('Refusing to send the a token to b.')],
    keychain: [new SecretStorageError('read', new Error('locked'))],
    other: [new StateMismatchError(), new TypeError('boom')],
  };

  it('has an example of every kind of the source table, and of no other', () => {
    assert.deepEqual(Object.keys(examples).sort(), [...ERROR_KINDS].sort());
  });

  for (const kind of ERROR_KINDS) {
    for (const e of examples[kind] ?? []) {
      it(`${e instanceof Error ? e.name : String(e)} is ${kind}, in words for both`, () => {
        assert.equal(classify(e), kind);
        assert.ok(describeError(e, 'Saving').text.trim(), 'no words for the user');
        assert.ok(toolErrorText(e, write).trim(), 'no words for a model');
      });
    }
  }

  it('a host that does not resolve: both name it and say it does not resolve', () => {
    const e = new HostNotFoundError('acme-nope.zendesk.com', 'GET https://acme-nope.zendesk.com/api/v2 failed');
    assert.equal(
      toolErrorText(e, read),
      'Reading ticket 7 on acme failed: acme-nope.zendesk.com does not resolve, so Zendesk was not reached. Ask the user to check the Zendesk subdomain for typos, then their connection.',
    );
    assert.match(
      describeError(e, 'Loading tickets').text,
      /^Loading tickets failed: acme-nope\.zendesk\.com does not resolve\./,
    );
  });

  it('a host refused for the token: said once, for the model too', () => {
    const e = new HostNotAllowedError('Refusing to send the https://acme.zendesk.com token to https://evil.example.');
    const text = toolErrorText(e, write);
    assert.equal(
      text,
      'Refusing to send the https://acme.zendesk.com token to https://evil.example. Nothing was sent, so nothing was changed.',
    );
    assert.equal(text.match(/refus/gi)?.length, 1, text);
  });

  it('more access declined: quiet for the user (a cancellation), final for a model', () => {
    const e = new AccessDeclinedError(['write']);
    assert.equal(isCancellation(e), true, 'shown as an error');
    assert.match(
      toolErrorText(e, write),
      /did not allow the access changing ticket 7 needs on acme\. Nothing was changed\. Do not retry/,
    );
  });

  it('no client secret: says what to do, offers Update Client Secret, and not another way back', () => {
    const e = new NoClientSecretError('vscode');
    assert.equal(isCancellation(e), false, 'a missing secret is not the user cancelling');
    const m = describeSignInFailure(e);
    assert.deepEqual(m.action, { label: 'Update Client Secret', command: 'zendesk.updateClientSecret' });
    assert.equal(m.anotherWay, false);
    assert.deepEqual(
      signInFailureNotice(e, { scopes: ['read'] }).actions.map((a) => a.command),
      ['zendesk.updateClientSecret', 'zendesk.showLog'],
    );
    assert.match(
      toolErrorText(e, read),
      /needs the client secret of vscode, which is not stored\. Ask the user to run "Zendesk: Update Client Secret"\.$/,
    );
  });
});

/** A real Zendesk answer recorded in test/fixtures/real-zendesk/recordings (see its MANIFEST.md). */
function recorded(file: string): { status: number; headers: Record<string, string>; body: string } {
  for (let d = __dirname; d !== path.dirname(d); d = path.dirname(d)) {
    try {
      const r = JSON.parse(
        readFileSync(path.join(d, 'test', 'fixtures', 'real-zendesk', 'recordings', file), 'utf8'),
      ) as { response: { status: number; body: unknown } };
      return {
        status: r.response.status,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(r.response.body),
      };
    } catch {
      // not at this level
    }
  }
  throw new Error(`recording ${file} not found`);
}

describe('a 422 reads by field, whatever the field', () => {
  it("names a field Zendesk refused that the extension has no control for (a custom field's id)", () => {
    const e = new ValidationError('PUT /api/v2/tickets/7: RecordInvalid', {
      360001824571: [{ description: 'is not a valid value', error: 'InvalidValue' }],
    });
    assert.equal(
      describeError(e, 'Saving #7').text,
      'Saving #7 failed: Zendesk refused it (360001824571: is not a valid value). Correct it and try again.',
    );
  });

  it('reads recorded real answers: `name` (a live 422) and `status` on a closed ticket, each once', () => {
    const name = errorFromResponse(recorded('error-422-details-field.json'), 'POST /api/v2/brands');
    assert.ok(name instanceof ValidationError);
    assert.deepEqual(name.problems, [{ field: 'name', description: 'Name has already been taken' }]);
    assert.equal(
      describeError(name, 'Saving').text,
      'Saving failed: Zendesk refused it (Name has already been taken). Correct it and try again.',
    );
    const closed = errorFromResponse(recorded('error-422-closed-ticket.json'), 'PUT /api/v2/tickets/1');
    assert.match(
      describeError(closed, 'Saving #1').text,
      /^Saving #1 failed: Zendesk refused it \(Status: closed prevents ticket update\)\./,
    );
  });
});

describe("a 422's details are read once, when the error is made", () => {
  it('the user, the model and the fields of the ticket tab all read `problems`, never `details` again', () => {
    const e = new ValidationError('PUT /api/v2/tickets/7: RecordInvalid', {
      status: [{ description: 'Status: closed prevents ticket update', error: 'InvalidValue' }],
      360001824571: [{ description: 'is not a valid value', error: 'InvalidValue' }],
    });
    Object.defineProperty(e, 'details', {
      get: () => assert.fail('`details` read again after the error was made'),
    });
    assert.equal(
      describeError(e, 'Saving #7').text,
      'Saving #7 failed: Zendesk refused it (Status: closed prevents ticket update; 360001824571: is not a valid value). Correct it and try again.',
    );
    assert.equal(
      toolErrorText(e, { doing: 'changing ticket 7', account: 'acme', write: true }),
      'Zendesk refused changing ticket 7 on acme: Status: closed prevents ticket update; 360001824571: is not a valid value. Nothing was changed.',
    );
    assert.deepEqual(fieldErrors(e.problems), {
      status: 'Status: closed prevents ticket update',
      360001824571: 'is not a valid value',
    });
  });
});

describe('the Sign In a scope error offers', () => {
  it('asks for the missing scopes, not the same ones again', () => {
    assert.deepEqual(describeError(new ScopeMissingError('403', ['tickets:write'])).scopes, ['tickets:write']);
  });
});

describe('what a failed sign-in offers', () => {
  const offers = (e: unknown) => {
    const m = describeSignInFailure(e);
    return { anotherWay: m.anotherWay, signIn: !!m.signIn };
  };

  it('after Deny: Sign In again, not another way back (the user said no)', () => {
    assert.deepEqual(offers(new AuthorizationDeniedError('access_denied')), { anotherWay: false, signIn: true });
    assert.deepEqual(offers(new OAuthError('access_denied')), { anotherWay: false, signIn: true });
  });

  it('a host that does not resolve or a client Zendesk does not know: neither, since no way back helps', () => {
    assert.deepEqual(offers(new HostNotFoundError('acme-nope.zendesk.com', 'ENOTFOUND')), {
      anotherWay: false,
      signIn: false,
    });
    assert.deepEqual(offers(new OAuthError('invalid_client')), { anotherWay: false, signIn: false });
  });

  it('a way back that did not work: Try Another Way', () => {
    assert.equal(offers(new RedirectTimeoutError()).anotherWay, true);
    assert.equal(offers(new RedirectUriNotRegisteredError('http://127.0.0.1:48127/callback')).anotherWay, true);
    assert.equal(offers(new StateMismatchError()).anotherWay, true);
  });
});

describe('words said once', () => {
  it('a token refused for another host says so once', () => {
    let refused: unknown;
    try {
      assertTokenHostAllowed('https://evil.example/api/v2/users/me.json', 'https://acme.zendesk.com');
    } catch (e) {
      refused = e;
    }
    const { text } = describeError(refused, 'Send the request');
    assert.equal(text, 'Refusing to send the https://acme.zendesk.com token to https://evil.example.');
  });

  it('the sign-in progress reads as one sentence ("title: message", as VS Code joins them), with no doubled punctuation', () => {
    for (const message of [signInProgress.inBrowser(), signInProgress.gettingTokens()]) {
      const shown = `${signInProgress.title()}: ${message}`;
      assert.doesNotMatch(shown, /[.…]:/, shown);
      assert.equal(shown.match(/\bsign(ing)? in\b/gi)?.length, 1, `"sign in" said twice: ${shown}`);
    }
    assert.equal(
      `${signInProgress.title()}: ${signInProgress.inBrowser()}`,
      'Signing in to Zendesk: allow access in your browser…',
    );
  });
});

describe("the failed sign-in's notification", () => {
  const retry = { scopes: ['read'], accountId: 'sandbox/7' };

  it('after Deny: the words, then "Sign In" (the same account and scopes) and "Show Log" as links', () => {
    const n = signInFailureNotice(new AuthorizationDeniedError('access_denied'), retry);
    assert.equal(n.text, 'Sign in failed: Access was denied in Zendesk. Sign in again and choose Allow.');
    assert.deepEqual(n.actions, [
      { label: 'Sign In', command: 'zendesk.signIn', args: { scopes: ['read'], accountId: 'sandbox/7' } },
      { label: 'Show Log', command: 'zendesk.showLog' },
    ]);
  });

  it('a way back that did not work: "Try Another Way" asks for the way first', () => {
    const n = signInFailureNotice(new RedirectTimeoutError(), retry);
    assert.deepEqual(
      n.actions.map((a) => a.label),
      ['Try Another Way', 'Show Log'],
    );
    assert.deepEqual(n.actions[0].args, { scopes: ['read'], accountId: 'sandbox/7', chooseWay: true });
  });

  it('a link runs its command with its arguments as VS Code reads a command URI', () => {
    const link = commandLink({ label: 'Sign In', command: 'zendesk.signIn', args: { scopes: ['read'] } });
    const [, label, uri] = /^\[([^\]]+)\]\((command:[^)]+)\)$/.exec(link) ?? [];
    assert.equal(label, 'Sign In');
    const url = new URL(uri);
    assert.equal(url.pathname, 'zendesk.signIn');
    assert.deepEqual(JSON.parse(decodeURIComponent(url.search.slice(1))), [{ scopes: ['read'] }]);
    assert.equal(commandLink({ label: 'Show Log', command: 'zendesk.showLog' }), '[Show Log](command:zendesk.showLog)');
  });
});
