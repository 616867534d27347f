export interface RequestBatcherOptions<Request, Response> {
  /** Answers a whole batch, one response per request and in order, typically with one query. */
  run: (requests: readonly Request[]) => Promise<Response[]>;
  /** Most requests per batch (default 128). */
  maxBatchSize?: number;
  /** Batches in flight at once (default 2); requests arriving meanwhile form the next batch. */
  maxConcurrent?: number;
}

/**
 * Lets concurrent callers share one round trip: a request that finds fewer than `maxConcurrent` batches in flight
 * leaves at once (nobody waits for a timer when the system is quiet); requests made while batches run queue up and
 * leave together. A failed batch fails each of its requests with that error.
 */
export class RequestBatcher<Request, Response> {
  private readonly queue: { request: Request; resolve: (r: Response) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  private readonly maxBatchSize: number;
  private readonly maxConcurrent: number;

  constructor(private readonly options: RequestBatcherOptions<Request, Response>) {
    this.maxBatchSize = Math.max(1, options.maxBatchSize ?? 128);
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? 2);
  }

  submit(request: Request): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.maxConcurrent && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatchSize);
      this.inFlight++;
      this.options
        .run(batch.map((queued) => queued.request))
        .then((responses) => {
          if (responses.length !== batch.length) {
            throw new Error(`a batch of ${batch.length} requests got ${responses.length} responses`);
          }
          batch.forEach((queued, index) => queued.resolve(responses[index]));
        })
        .catch((error: unknown) => batch.forEach((queued) => queued.reject(error)))
        .finally(() => {
          this.inFlight--;
          this.drain();
        });
    }
  }
}
