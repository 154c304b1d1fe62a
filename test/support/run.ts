// A command run to its end with what it wrote: the tests of command-line programs (the token helper and its launcher)
// read the exit status, stdout and stderr whole.
import { spawn, type SpawnOptions } from 'node:child_process';

export interface Run {
  code: number | null;
  out: string;
  err: string;
}

export function runCaptured(command: string, args: readonly string[], options: SpawnOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out, err }));
  });
}
