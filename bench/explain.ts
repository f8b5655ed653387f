import WebSocket from 'ws';
import { devQueries, evalQueries, mib, ms, p50p95, percentile, type Row } from './common.js';
import { memoryOf, startServerProcess } from './server.js';

interface Timing {
  answerMs: number;
  firstTokenMs: number | null;
  wholeMs: number | null;
  chars: number;
  composer: string | null;
  note: boolean;
}

/** One ask with `explain: true` over a fresh socket: when the answer, the first explanation token and the explanation came. */
function timedAsk(port: number, text: string, explain = true, timeoutMs = 300_000): Promise<Timing> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    const timing: Timing = { answerMs: NaN, firstTokenMs: null, wholeMs: null, chars: 0, composer: null, note: false };
    let started = 0;
    const done = () => {
      clearTimeout(timer);
      socket.close();
      resolve(timing);
    };
    const timer = setTimeout(done, timeoutMs);
    socket.once('open', () => {
      started = performance.now();
      socket.send(JSON.stringify({ type: 'ask', id: 1, text, explain }));
    });
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as {
        type: string;
        part?: string;
        text?: string;
        explaining?: boolean;
        composer?: string;
        note?: string;
      };
      const now = performance.now() - started;
      if (frame.type === 'token' && frame.part === 'explanation') {
        timing.firstTokenMs ??= now;
        timing.chars += frame.text?.length ?? 0;
      } else if (frame.type === 'answer') {
        timing.answerMs = now;
        if (!frame.explaining) done();
      } else if (frame.type === 'explanation') {
        timing.wholeMs = now;
        timing.composer = frame.composer ?? null;
        timing.note = Boolean(frame.note);
        done();
      } else if (frame.type === 'error') done();
    });
  });
}

/**
 * Explanations by the local model through a real server: one student at a time over the dev
 * questions (time to the extractive answer, to the first explanation token, to the whole
 * explanation, writing speed), then `burst` students asking at once (a bounded queue: every one
 * gets the answer at once and an explanation or a clear note, none is lost).
 */
export async function benchExplain(questions = 10, burst = 8): Promise<Row[]> {
  const server = await startServerProcess({ TUTOR_LOCAL_LLM: 'auto' });
  const queries = devQueries().slice(0, questions);
  await timedAsk(server.port, 'warm-up: what is dropout?');
  const sequential: Timing[] = [];
  for (const query of queries) sequential.push(await timedAsk(server.port, query));
  // Questions with words the notes never use: the model reads each before it is answered or refused.
  const read: Timing[] = [];
  for (const query of [...evalQueries('own-outofscope.jsonl').slice(0, 6), 'Hur kan man undvika överanpassning?', 'Hva er tokenisering?'])
    read.push(await timedAsk(server.port, query, false));
  const burstStarted = performance.now();
  const together = await Promise.all(queries.slice(0, burst).map((query) => timedAsk(server.port, query)));
  const burstWall = performance.now() - burstStarted;
  const memory = memoryOf(server.child.pid!);
  await server.stop();

  const explained = sequential.filter((t) => t.firstTokenMs !== null && t.wholeMs !== null);
  const writing = explained.map((t) => t.chars / 4 / (((t.wholeMs ?? 0) - (t.firstTokenMs ?? 0)) / 1000));
  const lost = together.filter((t) => Number.isNaN(t.answerMs) || t.wholeMs === null).length;
  const section = `explanations: ${queries.length} dev questions, local model (Qwen2.5-Coder-1.5B Q4_K_M) via ws`;
  return [
    {
      section,
      metric: 'extractive answer p50 / p95',
      value: p50p95(sequential.map((t) => t.answerMs)),
    },
    {
      section,
      metric: `answer or refusal when the model reads the question first (${read.length} questions with words the notes never use) p50 / p95`,
      value: p50p95(read.map((t) => t.answerMs)),
    },
    {
      section,
      metric: 'first explanation token p50 / p95 (after the question)',
      value: p50p95(explained.map((t) => t.firstTokenMs!)),
    },
    {
      section,
      metric: 'whole explanation p50 / p95',
      value: p50p95(explained.map((t) => t.wholeMs!)),
    },
    { section, metric: 'writing speed p50 (≈ tokens/s, 4 characters a token)', value: percentile(writing, 50).toFixed(1) },
    {
      section,
      metric: 'explanations that passed the checks',
      value: `${sequential.filter((t) => t.composer === 'llm').length} / ${sequential.length}`,
    },
    {
      section,
      metric: `burst of ${burst} at once: answers p50 / max`,
      value: `${ms(
        percentile(
          together.map((t) => t.answerMs),
          50,
        ),
      )} / ${ms(Math.max(...together.map((t) => t.answerMs)))}`,
    },
    { section, metric: `burst of ${burst}: last explanation done / lost replies`, value: `${ms(burstWall)} / ${lost}` },
    { section, metric: 'server RSS / peak after the burst', value: `${mib(memory.rss)} / ${mib(memory.peak)}` },
  ];
}
