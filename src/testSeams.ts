// Test seams: what only a person can do (the browser, the paste box, the "Allow it?" prompt) and the clock, for
// the integration tests. Development and test bundles have them behind ZENDESK_TEST_MODE=1; the production build
// defines __ZENDESK_TEST_SEAMS__ as false, esbuild removes every use, and a unit test reads the minified bundle to
// check that nothing of them is left (it looks for TEST_SEAMS_MARKER).
declare global {
  /** Set by esbuild.mjs: false in the production build. */
  const __ZENDESK_TEST_SEAMS__: boolean;
}

export const TEST_SEAMS_MARKER = 'zendesk-test-seams-are-built-in';

import type { OpenDialogOptions, Uri } from 'vscode';
import type { CodeUi } from './code/codeUi';
export interface TestSeams {
  readonly marker: string;
  openExternal?: (url: string) => Promise<boolean>;
  promptForCallback?: (redirectUri: string) => Promise<string | undefined>;
  /** Answers "… needs write access to acme. Allow it?" instead of the modal dialog. */
  allowMoreAccess?: (question: string) => Promise<boolean>;
  /** The ticket tab's "Assign…" and "Attach Files…" dialogs, answered as a user would. */
  pickAgent?: (t: {
    ticketId: number;
    groupId: number | null | undefined;
    assigneeId: number | null;
  }) => Promise<{ id: number; name: string } | undefined>;
  showOpenDialog?: (o: OpenDialogOptions) => Promise<Uri[] | undefined>;
  /** The extension's clock (token expiry); tests move it forward together with the sandbox's. */
  now?: () => number;
  /** How the API client's retry waits pass (a 429's Retry-After); tests move the sandbox's clock instead of waiting. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Start Work's and Add Selection to Ticket's dialogs, answered as a user would (each member left out: the real). */
  codeUi?: Partial<CodeUi>;
}

/** The seams when this is a test build started with ZENDESK_TEST_MODE=1; undefined otherwise. */
export function testSeamsFromEnvironment(): TestSeams | undefined {
  if (!__ZENDESK_TEST_SEAMS__ || process.env.ZENDESK_TEST_MODE !== '1') return undefined;
  return { marker: TEST_SEAMS_MARKER };
}
