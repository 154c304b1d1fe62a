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
  AmbiguousAccountError,
  NotSignedInError,
  SessionNotGrantedError,
  WrongUserError,
} from '../../../src/auth/errors';
import { readPastedCallback } from '../../../src/auth/redirect/manual';
import { SecretStorageError } from '../../../src/auth/session';
import { SessionEndedError } from '../../../src/auth/tokenManager';
import {
  commandLink,
  describeError,
  describeSignInFailure,
  isCancellation,
  signInFailureNotice,
} from '../../../src/ui/errorText';
import { signInProgress } from '../../../src/auth/signInProgress';
import { assertTokenHostAllowed } from '../../../src/zendesk/subdomain';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ForbiddenError,
  HostNotFoundError,
  InvalidInputError,
  NetworkError,
  OAuthError,
  RateLimitedError,
  ScopeMissingError,
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
