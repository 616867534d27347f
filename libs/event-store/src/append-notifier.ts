/**
 * Wakes processors in this process right after an append commits, so they need not wait for their poll interval.
 * Appends from other processes are still found by polling.
 */
export class AppendNotifier {
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) listener();
  }
}
