// The one report of `npm run bench`: medians with min and max, each row checked against its target, printed as a
// table and written as JSON. A target not met is printed as such; it never fails the command.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
  /** A 95% confidence interval of the median (distribution-free, from order statistics), when asked for. */
  ci?: [number, number];
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { median: NaN, min: NaN, max: NaN, n };
  const mid = Math.floor(n / 2);
  const median = n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[n - 1], n };
}

/**
 * A distribution-free 95% confidence interval of the median: the order statistics k and n+1-k, with k the
 * largest rank such that a Binomial(n, 1/2) falls below it with probability at most 2.5%. Needs n >= 6.
 */
export function medianCi(samples: readonly number[]): [number, number] | undefined {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  let cumulative = 0;
  let k = 0;
  // P(X <= j) for X ~ Binomial(n, 1/2), summed until it passes 2.5%.
  let pj = 0.5 ** n;
  for (let j = 0; j < n; j++) {
    cumulative += pj;
    if (cumulative > 0.025) break;
    k = j + 1;
    pj = (pj * (n - j)) / (j + 1);
  }
  if (k < 1) return undefined;
  return [sorted[k - 1], sorted[n - k]];
}

/** summarize() with the median's confidence interval: for the ratios the targets judge. */
export function summarizeWithCi(samples: readonly number[]): Summary {
  return { ...summarize(samples), ci: medianCi(samples) };
}

/** True once the median's confidence interval is narrower than `fraction` of the median (e.g. 0.1 for ±5%). */
export function settled(samples: readonly number[], fraction: number): boolean {
  const ci = medianCi(samples);
  return ci !== undefined && (ci[1] - ci[0]) / summarize(samples).median < fraction;
}

/** `le`: the median must be at most `limit`; `eq`: every sample must equal it. */
export interface Target {
  kind: 'le' | 'eq';
  limit: number;
  text: string;
}
export type Verdict = 'met' | 'NOT MET' | 'no target' | 'not measured';

export interface Row {
  /** The item (1. Activation, 2. Bytes, ...). */
  section: string;
  what: string;
  unit: string;
  /** A measured series, a single count, or text for what could not be measured. */
  value: Summary | number | string;
  target?: Target;
  verdict: Verdict;
  note?: string;
}

export function row(
  section: string,
  what: string,
  unit: string,
  value: Summary | number | string,
  o: { target?: Target; note?: string } = {},
): Row {
  return { section, what, unit, value, target: o.target, note: o.note, verdict: verdictOf(value, o.target) };
}

export function le(limit: number, text: string): Target {
  return { kind: 'le', limit, text };
}

export function eq(limit: number, text: string): Target {
  return { kind: 'eq', limit, text };
}

function verdictOf(value: Row['value'], target: Target | undefined): Verdict {
  if (typeof value === 'string') return 'not measured';
  if (!target) return 'no target';
  if (typeof value === 'number') {
    return (target.kind === 'le' ? value <= target.limit : value === target.limit) ? 'met' : 'NOT MET';
  }
  if (Number.isNaN(value.median)) return 'not measured';
  // An exact target holds only when every repetition hit it.
  if (target.kind === 'eq') return value.min === target.limit && value.max === target.limit ? 'met' : 'NOT MET';
  return value.median <= target.limit ? 'met' : 'NOT MET';
}

/** Ratios of paired samples (a[i] / b[i]): a ratio per repetition, so load shared by both sides cancels. */
export function ratios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => x / b[i]).filter((r) => Number.isFinite(r));
}

function fmt(x: number, unit: string): string {
  if (!Number.isFinite(x)) return '-';
  if (unit === '×') return x.toFixed(2);
  if (unit === 'bytes') return x.toLocaleString('en-US');
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);
}

export function valueText(r: Row): { median: string; range: string; n: string } {
  if (typeof r.value === 'string') return { median: r.value, range: '', n: '' };
  if (typeof r.value === 'number') return { median: `${fmt(r.value, r.unit)} ${r.unit}`, range: '', n: '1' };
  const ci = r.value.ci ? `; 95% CI of median ${fmt(r.value.ci[0], r.unit)} – ${fmt(r.value.ci[1], r.unit)}` : '';
  return {
    median: `${fmt(r.value.median, r.unit)} ${r.unit}`,
    range: `${fmt(r.value.min, r.unit)} – ${fmt(r.value.max, r.unit)}${ci}`,
    n: String(r.value.n),
  };
}

/** A plain-text table for the terminal. */
export function formatTable(rows: readonly Row[]): string {
  const head = ['', 'measurement', 'median', 'min – max', 'n', 'target', 'verdict'];
  const body = rows.map((r) => {
    const v = valueText(r);
    return [r.section, r.what, v.median, v.range, v.n, r.target?.text ?? '', r.verdict];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join(' | ')
      .trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('-|-')];
  let section = '';
  for (const [i, b] of body.entries()) {
    out.push(line(b[0] === section ? ['', ...b.slice(1)] : b));
    section = b[0];
    if (rows[i].note) out.push(line(['', `  ${rows[i].note}`, '', '', '', '', '']));
  }
  return out.join('\n');
}

/** A Markdown table, for the README. */
export function formatMarkdown(rows: readonly Row[]): string {
  const out = ['| | measurement | median | min – max | n | target | |', '|---|---|---|---|---|---|---|'];
  let section = '';
  for (const r of rows) {
    const v = valueText(r);
    const what = r.note ? `${r.what} (${r.note})` : r.what;
    out.push(
      `| ${r.section === section ? '' : r.section} | ${what} | ${v.median} | ${v.range} | ${v.n} | ${r.target?.text ?? ''} | ${r.verdict} |`,
    );
    section = r.section;
  }
  return out.join('\n');
}

export interface RunInfo {
  started: string;
  finished: string;
  quick: boolean;
  loadBefore: number[];
  loadAfter: number[];
  cpus: number;
  node: string;
}

export function runInfo(started: Date, quick: boolean, loadBefore: number[]): RunInfo {
  return {
    started: started.toISOString(),
    finished: new Date().toISOString(),
    quick,
    loadBefore,
    loadAfter: os.loadavg().map((x) => Math.round(x * 100) / 100),
    cpus: os.cpus().length,
    node: process.version,
  };
}

/** Writes `.vscode-test/bench/bench-<time>.json` and `latest.json` (and `latest.md`); returns the dated file. */
export function writeReport(dir: string, info: RunInfo, rows: readonly Row[]): string {
  fs.mkdirSync(dir, { recursive: true });
  const json = JSON.stringify({ ...info, rows }, null, 2);
  const file = path.join(dir, `bench-${info.started.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, json);
  fs.writeFileSync(path.join(dir, 'latest.json'), json);
  fs.writeFileSync(
    path.join(dir, 'latest.md'),
    `${formatMarkdown(rows)}\n\nLoad average (1, 5, 15 min) before: ${info.loadBefore.join(', ')}; after: ${info.loadAfter.join(', ')}; ${info.cpus} cores; Node ${info.node}; ${info.quick ? 'quick run' : 'full run'}, ${info.started} to ${info.finished}.\n`,
  );
  return file;
}
