// Manual: the browser lands on http://127.0.0.1:PORT/callback, which may not load (nothing listens
// there); the user copies the address bar into VS Code. Works everywhere, always the last resort.
import { abortError, onAbort, Outcome } from './abort';
import { InvalidCallbackError, RedirectCancelledError } from './errors';
import { loopbackRedirectUri } from './loopback';
import { parseCallback } from './parseCallback';
import type { PendingRedirect, RedirectContext, RedirectStrategy } from './types';

/**
 * A bare code: URL-safe token characters only, nothing that looks like a URL or a query.
 * Accepting it means `state` cannot be checked; that is safe only because every flow uses PKCE,
 * so a code from any other authorize request (a planted one) fails the token exchange.
 */
const BARE_CODE = /^[A-Za-z0-9._~+/-]{8,2048}$/;

/**
 * Reads what the user pasted: the full URL (state checked first, then error, then code), its
 * query alone (`code=...&state=...`), or a bare code. Throws the typed errors.
 * Also usable as the input box's validation, so the user can correct a typo before submitting.
 */
export function readPastedCallback(input: string, expectedState: string): { code: string } {
  const text = input.trim();
  if (!text) throw new InvalidCallbackError('Paste the URL your browser ended on after you signed in.');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new InvalidCallbackError('That is not a complete URL. Copy the whole address from the browser.');
    }
    const params = url.searchParams.has('state') ? url.searchParams : new URLSearchParams(url.hash.slice(1));
    return parseCallback(params, expectedState);
  }
  if (text.includes('=')) return parseCallback(new URLSearchParams(text.replace(/^[?#]/, '')), expectedState);
  if (BARE_CODE.test(text)) return { code: text };
  throw new InvalidCallbackError('That does not look like the sign-in URL or an authorization code.');
}

export class ManualStrategy implements RedirectStrategy {
  readonly id = 'manual' as const;
  readonly label = 'Paste the URL from the browser';
  readonly description = 'Works everywhere: after you allow access, copy the address your browser ended on (even if the page does not load).';

  async start(ctx: RedirectContext): Promise<PendingRedirect> {
    if (ctx.signal.aborted) throw abortError(ctx.signal);
    const redirectUri = loopbackRedirectUri(ctx.config.loopbackPort);
    const outcome = new Outcome<{ code: string }>();
    let unsubscribeAbort: () => void = () => undefined;
    let prompted = false;
    const finish = (settle: () => void) => {
      settle();
      unsubscribeAbort();
    };
    unsubscribeAbort = onAbort(ctx.signal, () => finish(() => outcome.reject(abortError(ctx.signal))));
    return {
      strategy: 'manual',
      redirectUri,
      stateParam: ctx.state,
      wait() {
        if (!prompted && !outcome.settled) {
          prompted = true;
          // The input box cannot be closed from here; an answer after abort or dispose is ignored.
          ctx.host.promptForCallback(redirectUri).then(
            (input) => {
              if (input === undefined) return finish(() => outcome.reject(new RedirectCancelledError()));
              try {
                const result = readPastedCallback(input, ctx.state);
                finish(() => outcome.resolve(result));
              } catch (e) {
                finish(() => outcome.reject(e));
              }
            },
            (e: unknown) => finish(() => outcome.reject(e)),
          );
        }
        return outcome.promise;
      },
      dispose() {
        finish(() => outcome.reject(new RedirectCancelledError()));
      },
    };
  }
}
