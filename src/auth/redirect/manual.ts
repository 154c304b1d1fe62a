// Manual: the browser lands on http://127.0.0.1:PORT/callback, which may not load (nothing listens
// there); the user copies the address bar into VS Code. Works everywhere, always the last resort.
import { abortError, onAbort, Outcome } from './abort';
import { InvalidCallbackError, RedirectCancelledError, StateMismatchError } from './errors';
import { loopbackRedirectUri } from './loopback';
import { parseCallback } from './parseCallback';
import type { PendingRedirect, RedirectContext, RedirectStrategy } from './types';
import * as l10n from '@vscode/l10n';

/** What a bare code looks like: URL-safe token characters only, nothing that looks like a URL or a query. */
const BARE_CODE = /^[A-Za-z0-9._~+/-]{8,2048}$/;

export const PASTE_WHOLE_ADDRESS = l10n.t(
  "Paste the whole address from the browser's address bar (it starts with http…)",
);

/**
 * Reads what the user pasted: the full URL (state checked first, then error, then code) or its query alone
 * (`code=...&state=...`). Throws the typed errors.
 *
 * A bare code is refused: it carries no `state`, so nothing would show it comes from this sign-in. A code
 * someone obtained for their own account (through a client or flow without PKCE) would sign the user in as
 * them (login CSRF).
 */
export function readPastedCallback(input: string, expectedState: string): { code: string } {
  const text = input.trim();
  if (!text) throw new InvalidCallbackError(`${PASTE_WHOLE_ADDRESS}.`);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new InvalidCallbackError(l10n.t('That is not a complete address. {0}.', PASTE_WHOLE_ADDRESS));
    }
    const params = url.searchParams.has('state') ? url.searchParams : new URLSearchParams(url.hash.slice(1));
    return parseCallback(params, expectedState);
  }
  if (text.includes('=')) return parseCallback(new URLSearchParams(text.replace(/^[?#]/, '')), expectedState);
  if (BARE_CODE.test(text)) throw new InvalidCallbackError(l10n.t('{0}, not only the code.', PASTE_WHOLE_ADDRESS));
  throw new InvalidCallbackError(l10n.t('That is not the address the browser ended on. {0}.', PASTE_WHOLE_ADDRESS));
}

/** How many refused pastes before the sign-in ends (a prompt that keeps answering the same thing would loop). */
export const MAX_PASTES = 5;

/** Why a paste was refused, for the next prompt; undefined when it is an answer that ends the sign-in. */
function problemToRetry(e: unknown): string | undefined {
  if (e instanceof StateMismatchError) {
    return l10n.t(
      'That address is from another sign-in attempt (an older browser tab?). Paste the address of the tab opened for this sign-in.',
    );
  }
  if (e instanceof InvalidCallbackError) return e.message;
  return undefined;
}

export class ManualStrategy implements RedirectStrategy {
  readonly id = 'manual' as const;
  readonly label = l10n.t('Paste the URL from the browser');
  readonly description = l10n.t(
    'Works everywhere: after you allow access, copy the address your browser ended on (even if the page does not load).',
  );

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
    // A paste that cannot be this sign-in's answer (a bare code, a typo, another attempt's address) asks
    // again and says why; Zendesk's own answer (Deny, an error) ends it.
    const ask = (problem: string | undefined, attempt: number): void => {
      ctx.host.promptForCallback(redirectUri, problem).then(
        (input) => {
          if (outcome.settled) return;
          if (input === undefined) return finish(() => outcome.reject(new RedirectCancelledError()));
          try {
            const result = readPastedCallback(input, ctx.state);
            finish(() => outcome.resolve(result));
          } catch (e) {
            const again = problemToRetry(e);
            if (again !== undefined && attempt < MAX_PASTES) ask(again, attempt + 1);
            else finish(() => outcome.reject(e));
          }
        },
        (e: unknown) => finish(() => outcome.reject(e)),
      );
    };
    return {
      strategy: 'manual',
      redirectUri,
      stateParam: ctx.state,
      wait() {
        if (!prompted && !outcome.settled) {
          prompted = true;
          // The input box cannot be closed from here; an answer after abort or dispose is ignored.
          ask(undefined, 1);
        }
        return outcome.promise;
      },
      dispose() {
        finish(() => outcome.reject(new RedirectCancelledError()));
      },
    };
  }
}
