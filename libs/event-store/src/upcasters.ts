/**
 * Upcasters turn an old stored shape of an event into the next version. They run once, in the store's read path,
 * so deciders and projections only ever see the latest shape (house-style §5). Stored events are never rewritten.
 */
export type Upcaster = (data: unknown) => unknown;

export class Upcasters {
  private readonly byKey = new Map<string, Upcaster>();

  /** Registers the step from `fromVersion` to `fromVersion + 1` of `type`. */
  register(type: string, fromVersion: number, upcast: Upcaster): this {
    const key = `${type}@${fromVersion}`;
    if (this.byKey.has(key)) throw new Error(`upcaster for ${key} registered twice`);
    this.byKey.set(key, upcast);
    return this;
  }

  /** Applies every registered step from the stored version on; returns the latest data and version. */
  upcast(type: string, schemaVersion: number, data: unknown): { data: unknown; schemaVersion: number } {
    let version = schemaVersion;
    let current = data;
    for (let step = this.byKey.get(`${type}@${version}`); step; step = this.byKey.get(`${type}@${version}`)) {
      current = step(current);
      version++;
    }
    return { data: current, schemaVersion: version };
  }
}
