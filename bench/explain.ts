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
  cached: boolean;
  /** The places in the queue this student was told: the answer's `ahead`, then each `waiting` frame. */
  places: number[];
}

/** One ask with `explain: true` over a fresh socket: when the answer, the first explanation token and the explanation came. */
function timedAsk(port: number, text: string, explain = true, timeoutMs = 300_000): Promise<Timing> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    const timing: Timing = {
      answerMs: NaN,
      firstTokenMs: null,
      wholeMs: null,
      chars: 0,
      composer: null,
      note: false,
      cached: false,
      places: [],
    };
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
        cached?: boolean;
        ahead?: number;
      };
      const now = performance.now() - started;
      if (frame.type === 'token' && frame.part === 'explanation') {
        timing.firstTokenMs ??= now;
        timing.chars += frame.text?.length ?? 0;
      } else if (frame.type === 'answer') {
        timing.answerMs = now;
        if (frame.ahead !== undefined) timing.places.push(frame.ahead);
        if (!frame.explaining) done();
      } else if (frame.type === 'waiting') {
        timing.places.push(frame.ahead ?? -1);
      } else if (frame.type === 'explanation') {
        timing.wholeMs = now;
        timing.composer = frame.composer ?? null;
        timing.note = Boolean(frame.note);
        timing.cached = Boolean(frame.cached);
        done();
      } else if (frame.type === 'error') done();
    });
  });
}

/**
 * Explanations by the local model through a real server (its explanation cache empty, warming off):
 * one student at a time over the dev questions asked for the first time (time to the extractive
 * answer, to the first checked sentence, to the whole explanation or to the note that there is
 * none), the same questions again from other students (served from the cache), then `burst`
 * students asking new questions at once (every one gets the answer at once and its place in the
 * queue as it moves, then an explanation or a clear note; none is lost).
 */
export async function benchExplain(questions = 10, burst = 8): Promise<Row[]> {
  const server = await startServerProcess({ TUTOR_LOCAL_LLM: 'auto', TUTOR_WARM_EXPLANATIONS: 'off' });
  const queries = devQueries().slice(0, questions);
  await timedAsk(server.port, 'warm-up: what is dropout?');
  const sequential: Timing[] = [];
  for (const query of queries) sequential.push(await timedAsk(server.port, query));
  const repeated: Timing[] = [];
  for (const query of queries) repeated.push(await timedAsk(server.port, query));
  // Questions with words the notes never use: the model reads each before it is answered or refused.
  const read: Timing[] = [];
  for (const query of [...evalQueries('own-outofscope.jsonl').slice(0, 6), 'Hur kan man undvika överanpassning?', 'Hva er tokenisering?'])
    read.push(await timedAsk(server.port, query, false));
  const burstStarted = performance.now();
  const fresh = devQueries().slice(questions, questions + burst);
  const together = await Promise.all(fresh.map((query) => timedAsk(server.port, query)));
  const burstWall = performance.now() - burstStarted;
  const memory = memoryOf(server.child.pid!);
  await server.stop();

  const explained = sequential.filter((t) => t.composer === 'llm' && t.firstTokenMs !== null && t.wholeMs !== null);
  const notes = sequential.filter((t) => t.note && t.wholeMs !== null);
  const lost = together.filter((t) => Number.isNaN(t.answerMs) || t.wholeMs === null).length;
  const toldPlace = together.filter((t) => t.places.length > 0).length;
  const section = `explanations: ${queries.length} dev questions, local model (Qwen2.5-Coder-1.5B Q4_K_M) via ws`;
  const row = (metric: string, value: string): Row => ({ section, metric, value });
  return [
    row('extractive answer p50 / p95', p50p95(sequential.map((t) => t.answerMs))),
    row(
      `answer or refusal when the model reads the question first (${read.length} questions with words the notes never use) p50 / p95`,
      p50p95(read.map((t) => t.answerMs)),
    ),
    row('first time: first checked sentence p50 / p95 (after the question)', p50p95(explained.map((t) => t.firstTokenMs!))),
    row('first time: whole explanation p50 / p95', p50p95(explained.map((t) => t.wholeMs!))),
    row(
      `first time: note that there is no explanation (${notes.length} questions) p50 / max`,
      `${ms(
        percentile(
          notes.map((t) => t.wholeMs!),
          50,
        ),
      )} / ${ms(Math.max(0, ...notes.map((t) => t.wholeMs!)))}`,
    ),
    row('explanations that passed the checks', `${explained.length} / ${sequential.length}`),
    row(
      `the same questions from other students: explanation or note p50 / max (from the cache: ${repeated.filter((t) => t.cached).length} / ${repeated.length})`,
      `${ms(
        percentile(
          repeated.map((t) => t.wholeMs ?? NaN),
          50,
        ),
      )} / ${ms(Math.max(...repeated.map((t) => t.wholeMs ?? NaN)))}`,
    ),
    row(
      `burst of ${burst} new questions at once: answers p50 / max`,
      `${ms(
        percentile(
          together.map((t) => t.answerMs),
          50,
        ),
      )} / ${ms(Math.max(...together.map((t) => t.answerMs)))}`,
    ),
    row(
      `burst of ${burst}: last explanation done / lost replies / told their place`,
      `${ms(burstWall)} / ${lost} / ${toldPlace} of ${burst}`,
    ),
    row('server RSS / peak after the burst', `${mib(memory.rss)} / ${mib(memory.peak)}`),
  ];
}
