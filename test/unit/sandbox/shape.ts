/**
 * Structural comparison of two JSON answers, for holding the sandbox against recorded real Zendesk answers
 * (conformance.test.ts). Values are ignored; what is compared is which keys exist at every level, each value's
 * JSON type, and where a value may be null. Paths name array elements `[]`, so `tickets[].via.channel` stands for
 * that key in every ticket of the list.
 */

export type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export function jsonType(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  if (t === 'boolean' || t === 'number' || t === 'string') return t;
  return 'object';
}

/** Every path of a JSON value with the JSON types seen there (an array element path collects every element). */
export interface Shape {
  types: Map<string, Set<JsonType>>;
}

export function shapeOf(value: unknown, root = '$'): Shape {
  const types = new Map<string, Set<JsonType>>();
  const walk = (v: unknown, path: string): void => {
    const t = jsonType(v);
    let set = types.get(path);
    if (!set) types.set(path, (set = new Set()));
    set.add(t);
    if (t === 'array') for (const e of v as unknown[]) walk(e, `${path}[]`);
    else if (t === 'object') for (const [k, e] of Object.entries(v as Record<string, unknown>)) walk(e, `${path}.${k}`);
  };
  walk(value, root);
  return { types };
}

export interface Difference {
  kind: 'missing' | 'extra' | 'type';
  path: string;
  detail: string;
}

export interface CompareOptions {
  /**
   * Paths whose object keys vary from record to record (`metadata.system`, `details`, `user_fields`, `via.source.to`):
   * only their own type is compared, never the keys under them. A path matches itself and everything below it.
   */
  open?: readonly string[];
  /**
   * What other recordings of the same kind of record showed (a ticket in a list, in a search, alone): a path's
   * name with its record normalised (`ticket.assignee_id`) and the types seen there. A value is null-able, and a key
   * not extra, when any recording of that record shows so.
   */
  known?: { types: Map<string, Set<JsonType>>; normalise: (path: string) => string };
}

/** The types seen at every normalised path of several recorded bodies. */
export function knownTypes(
  bodies: readonly unknown[],
  normalise: (path: string) => string,
): Map<string, Set<JsonType>> {
  const out = new Map<string, Set<JsonType>>();
  for (const b of bodies) {
    for (const [p, types] of shapeOf(b).types) {
      const n = normalise(p);
      let set = out.get(n);
      if (!set) out.set(n, (set = new Set()));
      for (const t of types) set.add(t);
    }
  }
  return out;
}

function parentOf(path: string): string {
  if (path.endsWith('[]')) return path.slice(0, -2);
  const dot = path.lastIndexOf('.');
  return dot < 0 ? path : path.slice(0, dot);
}

/** Whether a path lies below an open path (the open path itself is still compared by type). */
function belowOpen(path: string, open: readonly string[]): boolean {
  const parent = parentOf(path);
  return open.some((p) => parent === p || parent.startsWith(`${p}.`) || parent.startsWith(`${p}[]`));
}

/**
 * How `actual` (the sandbox) differs from `recorded` (real Zendesk):
 * - missing: a key the recording has that the sandbox's answer lacks (its parent object being there);
 * - extra: a key the sandbox has that the recording does not (its parent object being in the recording);
 * - type: a value of a JSON type the recording never had there. A recorded `null` says the value may be null,
 *   and a path recorded only as null (or only as an empty array) says nothing about the type of its other values.
 */
export function compareShapes(recorded: unknown, actual: unknown, opts: CompareOptions = {}): Difference[] {
  const open = opts.open ?? [];
  const r = shapeOf(recorded).types;
  const a = shapeOf(actual).types;
  const out: Difference[] = [];
  for (const [path, rTypes] of r) {
    if (path === '$') continue;
    if (belowOpen(path, open)) continue;
    const parent = parentOf(path);
    if (!a.has(path)) {
      // Only a key of an object the sandbox also answered is missing; an element of an array it left empty is not.
      if (a.get(parent)?.has('object')) {
        out.push({ kind: 'missing', path, detail: `recorded as ${[...rTypes].join('|')}` });
      }
    }
  }
  const recordedAt = (path: string): Set<JsonType> | undefined => {
    const own = r.get(path);
    const other = opts.known?.types.get(opts.known.normalise(path));
    if (!other) return own;
    return new Set([...(own ?? []), ...other]);
  };
  for (const [path, aTypes] of a) {
    if (path === '$') continue;
    if (belowOpen(path, open)) continue;
    const parent = parentOf(path);
    const rTypes = recordedAt(path);
    if (!rTypes) {
      if (r.get(parent)?.has('object')) {
        out.push({ kind: 'extra', path, detail: `the sandbox sends ${[...aTypes].join('|')}` });
      }
      continue;
    }
    const known = [...rTypes].filter((t) => t !== 'null');
    if (known.length === 0) continue;
    for (const t of aTypes) {
      if (t === 'null' ? !rTypes.has('null') : !rTypes.has(t)) {
        out.push({ kind: 'type', path, detail: `the sandbox sends ${t}, recorded ${[...rTypes].join('|')}` });
      }
    }
  }
  return out;
}

export function formatDifferences(diffs: readonly Difference[]): string {
  return diffs.map((d) => `  ${d.kind} ${d.path}: ${d.detail}`).join('\n');
}
