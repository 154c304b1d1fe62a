// What every measurement gets: the run's mode and a way to say what it is doing.

export interface BenchContext {
  /** A reduced run to check that everything works end to end; its figures are not the report's. */
  quick: boolean;
  /** Repetitions: `full` normally, `quick` in a quick run. */
  reps(full: number, quick: number): number;
  progress(message: string): void;
}

export function createContext(quick: boolean): BenchContext {
  return {
    quick,
    reps: (full, q) => (quick ? q : full),
    progress: (message) => process.stderr.write(`  … ${message}\n`),
  };
}

/** Milliseconds since `started` (performance.now()). */
export function since(started: number): number {
  return performance.now() - started;
}
