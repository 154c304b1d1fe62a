// The test build's composition root: out/dist/main.js, in place of src/main.ts's dist/main.js, in the
// extension that esbuild.mjs --tests stages under out (the integration tests and the tree bench load that
// folder; e2e and the tour load the repository's own, as a user would). The activation bundle is the same: it
// requires ./main and calls `start`. This one calls src/main.ts's `start` with the real dependencies wrapped so that
// a test answers any member of `Ui`, or moves the clock, and hands the tests what `start` built to inspect.
import * as vscode from 'vscode';
import { defaultDeps, start as startExtension, type ActivationHost, type Implementation } from '../../src/main';
import { describeError } from '../../src/ui/messages';
import type { Ui } from '../../src/ui/ui';
import { TEST_ENTRY_MARKER } from './testBuild';

/** The clock's members a test sets: `now` for token expiry, `sleep` for the API client's retry waits. */
export interface TestClock {
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

type Services = Implementation['services'];

/** What the integration tests get (test/integration/helpers.ts, `testing()`). */
export interface TestingExports extends Services {
  readonly marker: string;
  /** A person's answers, member by member: set one to answer that dialog; unset, VS Code's own dialog shows. */
  ui: Partial<Ui>;
  clock: TestClock;
  describeError: typeof describeError;
  secrets: vscode.SecretStorage;
  logUri: vscode.Uri;
  globalState: vscode.Memento;
  workspaceState: vscode.Memento;
  /** The variables the terminals get (the token helper's channel). */
  terminalEnvironment: vscode.GlobalEnvironmentVariableCollection;
}

/** Each member of `real` asks `answers` first: a new member of Ui needs nothing here. */
function answerable<T extends object>(real: T, answers: Partial<T>): T {
  const members = Object.entries(real) as [keyof T & string, (...a: unknown[]) => unknown][];
  return Object.fromEntries(
    members.map(([name, fn]) => [
      name,
      (...args: unknown[]) => ((answers[name] as typeof fn | undefined) ?? fn)(...args),
    ]),
  ) as T;
}

let started: (t: TestingExports) => void;
const testingExports = new Promise<TestingExports>((resolve) => (started = resolve));

/** What the activation bundle calls, as it calls src/main.ts's. */
export function start(context: vscode.ExtensionContext, host: ActivationHost): Implementation {
  const ui: Partial<Ui> = {};
  const clock: TestClock = {};
  const implementation = startExtension(context, host, {
    ui: answerable(defaultDeps.ui, ui),
    timers: { now: () => (clock.now ?? defaultDeps.timers.now)(), setTimeout: defaultDeps.timers.setTimeout },
    sleep: (ms, signal) => (clock.sleep ?? defaultDeps.sleep)(ms, signal),
  });
  started({
    ...implementation.services,
    marker: TEST_ENTRY_MARKER,
    ui,
    clock,
    describeError,
    secrets: context.secrets,
    logUri: context.logUri,
    globalState: context.globalState,
    workspaceState: context.workspaceState,
    terminalEnvironment: context.environmentVariableCollection,
  });
  return implementation;
}

/** Once the activation bundle has loaded this implementation (right after activation at the latest). */
export function testing(): Promise<TestingExports> {
  return testingExports;
}
