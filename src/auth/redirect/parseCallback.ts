import { createHash, timingSafeEqual } from 'node:crypto';
import { AuthorizationDeniedError, InvalidCallbackError, StateMismatchError } from './errors';
import * as l10n from '@vscode/l10n';

export interface CallbackParamNames {
  code: string;
  state: string;
  error: string;
  errorDescription: string;
}

export const OAUTH_PARAM_NAMES: CallbackParamNames = {
  code: 'code',
  state: 'state',
  error: 'error',
  errorDescription: 'error_description',
};

/** The relay forwards Zendesk's parameters under these names (see media/relay.html). */
export const RELAY_PARAM_NAMES: CallbackParamNames = {
  code: 'zd_code',
  state: 'zd_state',
  error: 'zd_error',
  errorDescription: 'zd_error_description',
};

/**
 * Constant-time string equality. Hashing first gives equal-length buffers for timingSafeEqual
 * and does not leak the expected value's length either.
 */
export function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/**
 * The one place that reads a callback: state first (so nothing from a forged or stale response is
 * trusted, not even its error text), then `error`, then `code`.
 */
export function parseCallback(
  params: URLSearchParams,
  expectedState: string,
  names: CallbackParamNames = OAUTH_PARAM_NAMES,
): { code: string } {
  const state = params.get(names.state);
  if (state === null || !sameSecret(state, expectedState)) throw new StateMismatchError();

  const error = params.get(names.error);
  if (error !== null) {
    const description = params.get(names.errorDescription) ?? undefined;
    throw new AuthorizationDeniedError(error || 'unknown_error', description || undefined);
  }

  const code = params.get(names.code);
  if (!code) {
    throw new InvalidCallbackError(l10n.t('Zendesk sent no authorization code back. Start the sign-in again.'));
  }
  return { code };
}
