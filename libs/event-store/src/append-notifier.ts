/** Told after an append commits; `categories`: the appended streams' categories, when the store knows them. */
export type AppendListener = (categories?: readonly string[]) => void;

/**
 * Wakes processors in this process right after an append commits, so they need not wait for their poll interval.
 * Appends from other processes are still found by polling.
 */
export class AppendNotifier {
  private readonly listeners = new Set<AppendListener>();

  subscribe(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `categories` absent: unknown, every listener should look. */
  notify(categories?: readonly string[]): void {
    for (const listener of this.listeners) listener(categories);
  }
}
