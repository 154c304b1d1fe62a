// `npm run demo` stops on a SIGINT sent to npm alone (a process manager, an editor task), not only when the whole
// process group gets it. Runs the real "demo" script line through npm in a scratch folder, with stand-ins for the
// build and for out/scripts/demo.js that say when they are up and when SIGINT reached them.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../harness/codeServer';

const STAND_IN = `
process.on('SIGINT', () => { console.log('demo: SIGINT'); setTimeout(() => process.exit(130), 50); });
console.log('demo: up');
setInterval(() => undefined, 1000);
`;

describe('npm run demo: stopping', function () {
  this.timeout(30_000);
  let dir: string;
  let npm: ChildProcess | undefined;

  beforeEach(() => {
    const script = (
      JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts.demo;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-demo-signal-'));
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'demo-signal', version: '1.0.0', private: true, scripts: { demo: script } }),
    );
    fs.writeFileSync(path.join(dir, 'esbuild.mjs'), '');
    fs.mkdirSync(path.join(dir, 'out', 'scripts'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'out', 'scripts', 'demo.js'), STAND_IN);
  });
  afterEach(() => {
    if (npm?.pid && npm.exitCode === null) {
      try {
        process.kill(-npm.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Starts `npm run demo` in its own process group and resolves once the stand-in is up. */
  async function start(): Promise<{ output: () => string; exited: Promise<unknown> }> {
    // detached: its own process group, so a signal to npm's pid reaches npm alone, as from a process manager.
    const p = spawn('npm', ['run', '--silent', 'demo'], {
      cwd: dir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    npm = p;
    let out = '';
    p.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
    });
    p.stderr?.on('data', (b: Buffer) => {
      out += b.toString();
    });
    const exited = new Promise((resolve) => p.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      const check = setInterval(() => {
        if (out.includes('demo: up')) {
          clearInterval(check);
          resolve();
        }
      }, 20);
      void exited.then(() => {
        clearInterval(check);
        reject(new Error(`npm run demo ended before it was up:\n${out}`));
      });
    });
    return { output: () => out, exited };
  }

  /** The stand-in stops in 50 ms; 10 s is time enough for npm on a loaded machine. */
  async function stopsWithin(demo: { output: () => string; exited: Promise<unknown> }): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`npm run demo still runs 10 s after SIGINT:\n${demo.output()}`)),
        10_000,
      );
    });
    try {
      await Promise.race([demo.exited, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  it('SIGINT to the npm process alone reaches the demo, which stops, and npm ends', async () => {
    const demo = await start();
    process.kill(npm?.pid as number, 'SIGINT');
    await stopsWithin(demo);
    assert.match(demo.output(), /demo: SIGINT/);
  });

  it('SIGINT to the whole process group (Ctrl+C in a terminal) stops it too', async () => {
    const demo = await start();
    process.kill(-(npm?.pid as number), 'SIGINT');
    await stopsWithin(demo);
    assert.match(demo.output(), /demo: SIGINT/);
  });
});
