// Which terminal a request comes from: the helper sends its pid, and the terminal is the one whose shell is among
// that process's ancestors. VS Code's environment collection gives every terminal the same variables, so the
// variables alone cannot tell terminals apart; the process tree can, on the machine where the terminals run.
// Plain Node. Limits (README, "Scripts, CLIs and agents"): the pid is what the client says (only a process that
// already holds the window's secret can say anything); on Windows there is no parent walk, so no terminal is
// recognised and each request asks.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';

/** Enough generations for `$(…)` in a script in a shell in tmux; a loop in a corrupt answer ends here too. */
const MAX_DEPTH = 32;

/** The parent pid of `pid`, or undefined when it is not known (gone, or no way to ask on this platform). */
export type ParentOf = (pid: number) => Promise<number | undefined>;

/** Linux: the fourth field of /proc/PID/stat, read after the command name (which may hold spaces and parentheses). */
export async function linuxParentOf(pid: number): Promise<number | undefined> {
  try {
    const stat = await fs.promises.readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    return Number.isInteger(ppid) && ppid > 0 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/** macOS and the BSDs: `ps -o ppid= -p PID`. */
export function psParentOf(pid: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'ppid=', '-p', String(pid)], { timeout: 2000 }, (err, stdout) => {
      const ppid = Number(String(stdout).trim());
      resolve(!err && Number.isInteger(ppid) && ppid > 0 ? ppid : undefined);
    });
  });
}

export function parentOfFor(platform: NodeJS.Platform): ParentOf | undefined {
  if (platform === 'linux') return linuxParentOf;
  if (platform === 'win32') return undefined;
  return psParentOf;
}

/** `pid` and its ancestors, nearest first, up to init. */
export async function ancestry(pid: number, parentOf: ParentOf | undefined): Promise<number[]> {
  const chain = [pid];
  if (!parentOf) return chain;
  let current = pid;
  while (chain.length < MAX_DEPTH) {
    const parent = await parentOf(current);
    if (parent === undefined || parent <= 1 || chain.includes(parent)) break;
    chain.push(parent);
    current = parent;
  }
  return chain;
}
