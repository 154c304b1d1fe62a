// A plain-Node event emitter with the shape of vscode.Event, so the session store, the account service and the
// provider can be built and unit-tested without VS Code, and still hand VS Code an `onDidChange...` it accepts.

export interface Disposable {
  dispose(): void;
}

/** The same call shape as vscode.Event<T>. */
export type Event<T> = (listener: (e: T) => unknown, thisArgs?: unknown, disposables?: Disposable[]) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners: ((e: T) => unknown)[] = [];
  private disposed = false;

  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound = thisArgs === undefined ? listener : listener.bind(thisArgs);
    if (!this.disposed) this.listeners.push(bound);
    const d: Disposable = {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== bound);
      },
    };
    disposables?.push(d);
    return d;
  };

  /** Calls every listener; one that throws does not stop the others (the error goes to `onListenerError`). */
  fire(e: T): void {
    for (const l of [...this.listeners]) {
      try {
        const r = l(e);
        if (r && typeof (r as Promise<unknown>).catch === 'function') {
          (r as Promise<unknown>).catch((err: unknown) => this.onListenerError(err));
        }
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  constructor(private readonly onListenerError: (e: unknown) => void = () => undefined) {}

  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}
