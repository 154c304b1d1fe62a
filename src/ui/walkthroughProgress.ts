// The "Connect to Zendesk" walkthrough checks a step when one of its completion events happens (package.json,
// contributes.walkthroughs). `onView:` and `onCommand:` fire only while the walkthrough is known and the thing is
// done anew, so a user who opened the Tickets view or sent a request before would see those steps unchecked. These
// context keys (`onContext:`) say what is already true, set at activation from real state: the view was shown once
// (kept in globalState), a request is in the history. Being signed in is `zendesk.signedIn`, kept by AccountIndicator.
// No `vscode` import: unit-tested in plain Node.
import { ContextKeys, MementoKeys } from '../constants';
import type { Disposable, Event } from '../events';
import type { Logger } from '../log';

export interface WalkthroughProgressDeps {
  /** `setContext` (VS Code's command); injected so the unit tests read what was set. */
  setContext(key: string, value: boolean): PromiseLike<unknown>;
  /** The Tickets view (a vscode.TreeView). */
  ticketsView: { readonly visible: boolean; readonly onDidChangeVisibility: Event<{ visible: boolean }> };
  memento: { get<T>(key: string): T | undefined; update(key: string, value: unknown): PromiseLike<void> };
  /** Whether the request history holds a request. */
  requestSent(): boolean;
  log: Pick<Logger, 'error'>;
}

export class WalkthroughProgress implements Disposable {
  private readonly subscription: Disposable;

  constructor(private readonly d: WalkthroughProgressDeps) {
    this.subscription = d.ticketsView.onDidChangeVisibility((e) => {
      if (e.visible) this.ticketsViewSeen();
    });
    if (d.ticketsView.visible) this.ticketsViewSeen();
    this.set(ContextKeys.ticketsViewSeen, d.memento.get<boolean>(MementoKeys.ticketsViewSeen) === true);
    this.set(ContextKeys.requestSent, d.requestSent());
  }

  private ticketsViewSeen(): void {
    this.set(ContextKeys.ticketsViewSeen, true);
    if (this.d.memento.get<boolean>(MementoKeys.ticketsViewSeen) !== true) {
      this.d.memento.update(MementoKeys.ticketsViewSeen, true).then(undefined, (e: unknown) => this.fail(e));
    }
  }

  private set(key: string, value: boolean): void {
    this.d.setContext(key, value).then(undefined, (e: unknown) => this.fail(e));
  }

  private fail(e: unknown): void {
    this.d.log.error(e instanceof Error ? e : String(e));
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
