type Embed = (texts: string[]) => Promise<Float32Array[]>;

interface Waiting {
  texts: string[];
  resolve: (vectors: Float32Array[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Concurrent embedding requests (many students asking at once) are gathered for a moment and run
 * as one batch, one batch at a time: the model sees fewer, fuller batches, so throughput grows with
 * concurrency while memory stays that of one batch.
 */
export function coalesce(embed: Embed, maxBatch = 32, waitMs = 2): Embed {
  const queue: Waiting[] = [];
  let timer: NodeJS.Timeout | undefined;
  let busy = false;

  const drain = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      while (queue.length > 0) {
        const batch: Waiting[] = [];
        let size = 0;
        while (queue.length > 0 && (batch.length === 0 || size + queue[0]!.texts.length <= maxBatch)) {
          const next = queue.shift()!;
          batch.push(next);
          size += next.texts.length;
        }
        try {
          const vectors = await embed(batch.flatMap((w) => w.texts));
          let offset = 0;
          for (const waiting of batch) {
            waiting.resolve(vectors.slice(offset, offset + waiting.texts.length));
            offset += waiting.texts.length;
          }
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      busy = false;
    }
  };

  return (texts) => {
    if (texts.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      queue.push({ texts, resolve, reject });
      const queued = queue.reduce((sum, w) => sum + w.texts.length, 0);
      if (queued >= maxBatch) void drain();
      else
        timer ??= setTimeout(() => {
          timer = undefined;
          void drain();
        }, waitMs);
    });
  };
}
