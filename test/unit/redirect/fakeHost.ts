// A RedirectHost over plain data: tests fire URIs and answer the paste prompt themselves.
import type { RedirectContext, RedirectHost } from '../../../src/auth/redirect/types';

export class FakeHost implements RedirectHost {
  uriScheme = 'vscode';
  extensionId = 'zendesk-vscode.zendesk-vscode';
  readonly prompts: string[] = [];
  /** What each prompt said was wrong with the previous paste (undefined for the first). */
  readonly problems: Array<string | undefined> = [];
  readonly externalRequests: string[] = [];
  private readonly listeners = new Set<(uri: string) => void>();

  constructor(
    private readonly external: (uri: string) => string = (uri) => uri,
    public answer: (redirectUri: string, problem?: string) => Promise<string | undefined> = () =>
      Promise.resolve(undefined),
  ) {}

  asExternalUri(uri: string): Promise<string> {
    this.externalRequests.push(uri);
    return Promise.resolve(this.external(uri));
  }

  onDidReceiveUri(listener: (uri: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  promptForCallback(redirectUri: string, problem?: string): Promise<string | undefined> {
    this.prompts.push(redirectUri);
    this.problems.push(problem);
    return this.answer(redirectUri, problem);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  fire(uri: string): void {
    for (const l of [...this.listeners]) l(uri);
  }
}

export const STATE = 'st_4f9c2a7e1b8d6053a1c9e7f2b4d8a6c0';

export function context(
  host: RedirectHost,
  overrides: Partial<RedirectContext> = {},
): RedirectContext & { controller: AbortController } {
  const controller = new AbortController();
  return { host, config: { loopbackPort: 0 }, state: STATE, signal: controller.signal, controller, ...overrides };
}

/** Captures log lines so tests can check nothing secret is written. */
export function captureLog(): { lines: string[]; debug(m: string): void; warn(m: string): void } {
  const lines: string[] = [];
  return { lines, debug: (m) => lines.push(m), warn: (m) => lines.push(m) };
}
