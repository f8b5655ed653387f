import { describe, expect, it } from 'vitest';
import { PlacedLimiter, QueueFullError, SerialQueue } from '../../src/queue.js';

describe('SerialQueue', () => {
  it('runs one job at a time, earlier lanes first, in arrival order within a lane, and counts what is pending', async () => {
    const queue = new SerialQueue<'urgent' | 'later'>(['urgent', 'later']);
    const order: string[] = [];
    let running = 0;
    let most = 0;
    const job = (name: string) => async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(name);
      running--;
      return name;
    };
    const results = [
      queue.run('later', job('later 1')),
      queue.run('later', job('later 2')),
      queue.run('urgent', job('urgent 1')),
      queue.run('urgent', job('urgent 2')),
    ];
    expect(queue.pending).toBe(4);
    expect(queue.running).toBe('later');
    expect(queue.waitingIn('urgent')).toBe(2);
    expect(await Promise.all(results)).toEqual(['later 1', 'later 2', 'urgent 1', 'urgent 2']);
    expect(order).toEqual(['later 1', 'urgent 1', 'urgent 2', 'later 2']);
    expect(most).toBe(1);
    expect(queue.pending).toBe(0);
  });

  it('a failing job rejects its own promise only; the next job still runs', async () => {
    const queue = new SerialQueue(['default']);
    const failing = queue.run('default', () => {
      throw new Error('synchronous failure');
    });
    const rejected = queue.run('default', async () => Promise.reject(new Error('asynchronous failure')));
    const next = queue.run('default', async () => 'ran');
    await expect(failing).rejects.toThrow('synchronous failure');
    await expect(rejected).rejects.toThrow('asynchronous failure');
    expect(await next).toBe('ran');
  });
});

describe('PlacedLimiter', () => {
  it('runs one job at a time, tells each waiting job its place as the queue moves, and refuses beyond its bound', async () => {
    const limiter = new PlacedLimiter(1, 2);
    const release: Array<() => void> = [];
    const job = () => new Promise<void>((resolve) => release.push(resolve));
    const places: Record<string, number[]> = { b: [], c: [] };
    const a = limiter.run(job);
    const b = limiter.run(job, (ahead) => places.b!.push(ahead));
    const c = limiter.run(job, (ahead) => places.c!.push(ahead));
    expect(limiter.ahead).toBe(3);
    await expect(limiter.run(job)).rejects.toBeInstanceOf(QueueFullError);
    release.shift()!();
    await a;
    await new Promise((resolve) => setImmediate(resolve));
    release.shift()!();
    await b;
    await new Promise((resolve) => setImmediate(resolve));
    release.shift()!();
    await c;
    // How many go before it: at arrival, each time that changes, and 0 when it starts.
    expect(places).toEqual({ b: [1, 0], c: [2, 1, 0] });
    await new Promise((resolve) => setImmediate(resolve));
    expect(limiter.idle).toBe(true);
  });
});
