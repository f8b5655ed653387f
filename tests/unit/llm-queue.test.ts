import { describe, expect, it } from 'vitest';
import { LocalLlm, LocalLlmBusyError, MAX_EXPLANATIONS_WAITING } from '../../src/llm/local.js';

type Kind = 'grade' | 'explain';
/** The model's queue on its own (no model is loaded: the jobs are stand-ins that record their turn). */
const queueOf = (llm: LocalLlm) => llm as unknown as { enqueue<T>(kind: Kind, run: () => Promise<T>): Promise<T> };

describe('the local model queue', () => {
  it('runs one job at a time, grading before waiting explanations, and counts explanations ahead', async () => {
    const llm = new LocalLlm({ modelDir: '/nonexistent', mode: 'auto', threads: 1 });
    const order: string[] = [];
    let release!: () => void;
    const first = queueOf(llm).enqueue(
      'explain',
      () => new Promise<void>((resolve) => (release = () => (order.push('explain 1'), resolve()))),
    );
    const later = [
      queueOf(llm).enqueue('explain', async () => void order.push('explain 2')),
      queueOf(llm).enqueue('grade', async () => void order.push('grade 1')),
      queueOf(llm).enqueue('explain', async () => void order.push('explain 3')),
      queueOf(llm).enqueue('grade', async () => void order.push('grade 2')),
    ];
    expect(llm.queued).toBe(5);
    expect(llm.explanationsAhead).toBe(3);
    release();
    await Promise.all([first, ...later]);
    expect(order).toEqual(['explain 1', 'grade 1', 'grade 2', 'explain 2', 'explain 3']);
    expect(llm.queued).toBe(0);
  });

  it('refuses explanations beyond their bound at once, and a failed job does not stop the queue', async () => {
    const llm = new LocalLlm({ modelDir: '/nonexistent', mode: 'auto', threads: 1 });
    let release!: () => void;
    const blocking = queueOf(llm).enqueue('grade', () => new Promise<void>((resolve) => (release = resolve)));
    const waiting = Array.from({ length: MAX_EXPLANATIONS_WAITING }, () => queueOf(llm).enqueue('explain', async () => 'ok'));
    await expect(queueOf(llm).enqueue('explain', async () => 'too many')).rejects.toBeInstanceOf(LocalLlmBusyError);
    const failing = queueOf(llm).enqueue('grade', async () => {
      throw new Error('model failed');
    });
    release();
    await blocking;
    await expect(failing).rejects.toThrow('model failed');
    await expect(Promise.all(waiting)).resolves.toHaveLength(MAX_EXPLANATIONS_WAITING);
  });
});
