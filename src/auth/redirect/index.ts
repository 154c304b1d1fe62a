// The redirect step of the OAuth authorization code flow: the ways back from the browser.
export type {
  PendingRedirect,
  RedirectContext,
  RedirectHost,
  RedirectLog,
  RedirectStrategy,
  StrategyId,
} from './types';
export {
  AuthorizationDeniedError,
  InvalidCallbackError,
  LOOPBACK_PORT_SETTING,
  PortInUseError,
  RedirectCancelledError,
  RedirectConfigError,
  RedirectError,
  RedirectTimeoutError,
  RELAY_URL_SETTING,
  StateMismatchError,
} from './errors';
export { chooseStrategies, createStrategy, type RedirectEnvironment } from './strategies';
export { loopbackRedirectUri } from './loopback';
export { readPastedCallback } from './manual';
export { parseCallback } from './parseCallback';
export { renderCallbackPage } from './callbackPage';
