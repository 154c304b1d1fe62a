// `npm run demo`: the extension as a user installs it (the packaged .vsix), in a real VS Code (code-server 1.139.1),
// against the local Zendesk sandbox. Installs the VS Code harness on first use. Prints the URL to open; Ctrl+C
// stops everything it started. `--tour` drives that VS Code along the main path instead (see test/tour/).
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, workbenchUrl } from '../test/harness/codeServer';
import { startDemo, type DemoEnvironment } from '../test/harness/demoEnvironment';
import { Workbench } from '../test/harness/workbench';
import { FIXTURES } from '../test/sandbox';
import { tourSteps } from '../test/tour/steps';
import { runTour } from '../test/tour/tourStep';
import { DEMO_USAGE, DemoArgsError, parseDemoArgs } from './demoArgs';

/** Where the tour's screenshots go (docs/testing.md names it). */
const TOUR_DIR = path.join(repoRoot, '.vscode-test', 'tour');

const say = (line: string) => console.log(`demo: ${line}`);

async function tour(demo: DemoEnvironment): Promise<number> {
  const started = Date.now();
  say(`touring the main path; a screenshot per step in ${path.relative(process.cwd(), TOUR_DIR) || TOUR_DIR}`);
  const wb = await Workbench.attach(demo.server, demo.workspace, { shotFolder: TOUR_DIR });
  try {
    const results = await runTour({ wb, demo, shared: new Map() }, tourSteps, (l) => console.log(l));
    const passes = results.filter((r) => r.status === 'passed').length;
    const failures = results.filter((r) => r.status === 'failed').length;
    const pending = results.filter((r) => r.status === 'skipped').length;
    console.log(`tour: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
    // `npm test` adds these counts to its summary line (scripts/test-all.mjs).
    if (process.env.ZD_RESULTS) {
      fs.writeFileSync(
        process.env.ZD_RESULTS,
        JSON.stringify({ layer: 'tour', passes, failures, pending, ms: Date.now() - started }),
      );
    }
    return failures === 0 && pending === 0 && passes === tourSteps.length ? 0 : 1;
  } finally {
    await wb.close();
  }
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseDemoArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof DemoArgsError)) throw e;
    console.error(`demo: ${e.message}\n\n${DEMO_USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(DEMO_USAGE);
    return 0;
  }
  // Ctrl+C may come while things are still starting: wait for them, then stop all of them (code-server runs in
  // its own process group, so it would outlive this process otherwise). `npm run demo` execs this process in place
  // of its shell, so a SIGINT sent to npm alone (a process manager, an editor task) reaches it too; Ctrl+C in a
  // terminal then arrives twice (from the terminal, and forwarded by npm): `on`, not `once`, so the second is
  // absorbed by `stopping` instead of killing this process before it has stopped the others.
  const starting = startDemo({
    tickets: args.tickets,
    sandboxPort: args.sandboxPort,
    withSessionConsumer: args.tour,
    say,
  });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping VS Code and the sandbox…');
    await starting.then(
      (d) => d.stop(),
      () => undefined,
    );
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(130));
  process.on('SIGTERM', () => void stop(143));
  let demo: DemoEnvironment;
  try {
    demo = await starting;
  } catch (e) {
    // Ctrl+C while installing or starting ends the child too; `stop` reports and exits.
    if (stopping) return new Promise<number>(() => undefined);
    throw e;
  }
  if (args.tour) {
    const code = await tour(demo).catch((e: unknown) => {
      console.error(`tour: could not run: ${e instanceof Error ? e.message : String(e)}`);
      return 2;
    });
    await stop(code);
    return code;
  }
  console.log(`
Zendesk for VS Code, demo
  VS Code (code-server 1.139.1): ${workbenchUrl(demo.server, { workspace: demo.workspace })}
  Zendesk sandbox:               ${demo.sandbox.url} (subdomain "${demo.sandbox.subdomain}", ${args.tickets} tickets)
  Sign in as:                    ${FIXTURES.users.agent} / ${FIXTURES.password} (also ${FIXTURES.users.admin}, ${FIXTURES.users.readonly})
  Open the VS Code URL in a browser on this machine, then click "Zendesk: Sign In" in the status bar.
  Ctrl+C stops the demo.`);
  return new Promise<number>(() => undefined); // runs until Ctrl+C
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`demo failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
