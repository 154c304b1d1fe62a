import type { Logger } from '../../../src/zendesk/types';

/** Keeps every line logged, to check what was (and was not) written. */
export class RecordingLog implements Logger {
  readonly lines: string[] = [];
  trace(m: string): void {
    this.lines.push(m);
  }
  debug(m: string): void {
    this.lines.push(m);
  }
  info(m: string): void {
    this.lines.push(m);
  }
  warn(m: string): void {
    this.lines.push(m);
  }
  error(m: string | Error): void {
    this.lines.push(m instanceof Error ? `${m.name}: ${m.message}` : m);
  }
}
