// The command line of `npm run demo`, read in one pure function so a unit test pins it.
export interface DemoArgs {
  tickets: number;
  sandboxPort: number;
  tour: boolean;
  help: boolean;
}

export const DEMO_USAGE = `npm run demo [-- OPTIONS]
  --tickets N        tickets in the sandbox (1 to 100000, default 500)
  --sandbox-port P   the sandbox's port (default: any free port)
  --tour             drive that VS Code in headless Chromium along the main path, a screenshot per step
                     into .vscode-test/tour/, then stop; exits 0 only if every step was seen on screen
  --help             this text`;

export class DemoArgsError extends Error {
  override readonly name = 'DemoArgsError';
}

function wholeNumber(flag: string, value: string | undefined, min: number, max: number): number {
  const n = value !== undefined && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new DemoArgsError(
      `${flag} needs a whole number from ${min} to ${max}${value === undefined ? '' : `, not "${value}"`}.`,
    );
  }
  return n;
}

/** Reads the arguments after `npm run demo --`; throws DemoArgsError with what to type instead. */
export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  const args: DemoArgs = { tickets: 500, sandboxPort: 0, tour: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--tour') args.tour = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--tickets') args.tickets = wholeNumber(a, argv[++i], 1, 100_000);
    else if (a === '--sandbox-port') args.sandboxPort = wholeNumber(a, argv[++i], 0, 65_535);
    else throw new DemoArgsError(`Unknown option "${a}". Options: --tickets N, --sandbox-port P, --tour, --help.`);
  }
  return args;
}
