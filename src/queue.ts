/**
 * Runs jobs one at a time, like ws's Limiter with a concurrency of one. Lanes are served in the
 * order they are named (the first lane's jobs go before any waiting job of a later lane); within a
 * lane, in arrival order.
 */
export class SerialQueue<Lane extends string = 'default'> {
  private readonly waiting = new Map<Lane, Array<() => Promise<void>>>();
  private runningLane: Lane | undefined;

  constructor(lanes: readonly Lane[]) {
    for (const lane of lanes) this.waiting.set(lane, []);
  }

  /** Jobs waiting in a lane (the running one not counted). */
  waitingIn(lane: Lane): number {
    return this.waiting.get(lane)?.length ?? 0;
  }

  /** The lane of the job running now, if any. */
  get running(): Lane | undefined {
    return this.runningLane;
  }

  /** Jobs waiting in every lane, plus the running one. */
  get pending(): number {
    let count = this.runningLane === undefined ? 0 : 1;
    for (const jobs of this.waiting.values()) count += jobs.length;
    return count;
  }

  /** Queue a job; its result (or error) comes back when it has run. */
  run<T>(lane: Lane, job: () => Promise<T>): Promise<T> {
    const jobs = this.waiting.get(lane);
    if (!jobs) return Promise.reject(new Error(`no lane "${lane}" in this queue`));
    return new Promise<T>((resolve, reject) => {
      jobs.push(() => {
        try {
          return job().then(resolve, reject);
        } catch (error) {
          reject(error);
          return Promise.resolve();
        }
      });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.runningLane !== undefined) return;
    for (;;) {
      const next = [...this.waiting].find(([, jobs]) => jobs.length > 0);
      if (!next) break;
      const [lane, jobs] = next;
      this.runningLane = lane;
      try {
        await jobs.shift()!();
      } finally {
        this.runningLane = undefined;
      }
    }
  }
}

/**
 * Runs at most `concurrency` jobs at once and tells each waiting job its place as the queue moves
 * (how many jobs go before it). Beyond `maxWaiting` waiting jobs, run() refuses at once.
 */
export class PlacedLimiter {
  private readonly waiting: Array<{ start: () => void; onPlace?: (ahead: number) => void }> = [];
  private active = 0;

  constructor(
    private readonly concurrency: number,
    readonly maxWaiting: number,
  ) {}

  /** Jobs a new one would wait behind: those running and those waiting. */
  get ahead(): number {
    return this.active + this.waiting.length;
  }

  get idle(): boolean {
    return this.ahead === 0;
  }

  get full(): boolean {
    return this.waiting.length >= this.maxWaiting;
  }

  run<T>(job: () => Promise<T>, onPlace?: (ahead: number) => void): Promise<T> {
    if (this.full) return Promise.reject(new QueueFullError(`${this.waiting.length} jobs are waiting`));
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.active++;
        job()
          .then(resolve, reject)
          .finally(() => {
            this.active--;
            this.next();
          });
      };
      if (this.active < this.concurrency) start();
      else {
        // A job that waited hears, last, that nothing is ahead of it any more.
        this.waiting.push({
          start: () => {
            onPlace?.(0);
            start();
          },
          ...(onPlace ? { onPlace } : {}),
        });
        onPlace?.(this.ahead - 1);
      }
    });
  }

  private next(): void {
    const job = this.waiting.shift();
    job?.start();
    this.waiting.forEach((waiting, i) => waiting.onPlace?.(this.active + i));
  }
}

export class QueueFullError extends Error {}
