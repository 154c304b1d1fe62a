// globalState / workspaceState as VS Code keeps them, for plain-Node tests: values stored as JSON (so a test sees
// what survives a reload, not the object it passed in), and `undefined` removes the key.

export class JsonMemento {
  /** The stored JSON text by key; a test may write a malformed or old-format value here directly. */
  readonly values = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const v = this.values.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
  }
}
