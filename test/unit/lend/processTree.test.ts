// Finding a request's terminal: the requesting process's ancestors, nearest first.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { ancestry, parentOfFor } from '../../../src/lend/processTree';

describe('lend: process ancestry', () => {
  it('walks from a process up through its parents, nearest first', async function () {
    const parentOf = parentOfFor(process.platform);
    if (!parentOf) this.skip(); // Windows: no walk, each request asks (README)
    // A grandchild: sh → sleep; its chain holds sh, then this process.
    const sh = spawn('sh', ['-c', 'sleep 30 & echo $!; wait']);
    try {
      const pid = await new Promise<number>((resolve) =>
        sh.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))),
      );
      const chain = await ancestry(pid, parentOf);
      assert.deepEqual(chain.slice(0, 3), [pid, sh.pid, process.pid]);
    } finally {
      sh.kill();
    }
  });

  it('stops at a loop and at an unknown parent', async () => {
    const loop = (pid: number) => Promise.resolve(pid === 5 ? 6 : 5);
    assert.deepEqual(await ancestry(5, loop), [5, 6]);
    assert.deepEqual(await ancestry(5, () => Promise.resolve(undefined)), [5]);
    assert.deepEqual(await ancestry(5, undefined), [5]);
  });
});
