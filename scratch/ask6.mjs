import WebSocket from 'ws';
import { startServerProcess } from '../dist/bench/server.js';
const questions = process.argv.length > 2 ? process.argv.slice(2) : ['Hva er transfer learning?', 'Vad är early stopping?', 'Hvad er en loss function?', 'What is a rank-3 tensor?', 'Hva er forskjellen på parametere og hyperparametere?', 'What is data augmentation?', 'Hvad er en gradient?'];
const server = await startServerProcess({ TUTOR_LOCAL_LLM: 'auto', TUTOR_LOG_LEVEL: process.env.LEVEL ?? 'warn' });
function ask(text) {
  return new Promise((resolve) => {
    const s = new WebSocket(`ws://127.0.0.1:${server.port}/ws`);
    const t = { text, first: null, whole: null, answer: null, out: '', final: null };
    let t0;
    s.once('open', () => { t0 = performance.now(); s.send(JSON.stringify({ type: 'ask', id: 1, text, explain: true })); });
    s.on('message', (d) => {
      const f = JSON.parse(d.toString()); const now = Math.round(performance.now() - t0);
      if (f.type === 'token' && f.part === 'explanation') { t.first ??= now; t.out += f.text; }
      else if (f.type === 'answer') { t.answer = now; if (!f.explaining) { s.close(); resolve(t); } }
      else if (f.type === 'explanation') { t.whole = now; t.final = f.note ?? f.text; t.composer = f.composer; s.close(); resolve(t); }
      else if (f.type === 'error') { t.final = f.message; s.close(); resolve(t); }
    });
  });
}
await ask('warm-up: what is dropout?');
for (const q of questions) { const t = await ask(q); console.log(JSON.stringify({ q: t.text, answer: t.answer, first: t.first, whole: t.whole, composer: t.composer, final: t.final })); }
require_log: { const fs = await import("node:fs"); fs.writeFileSync("/tmp/server.log", server.log()); }
await server.stop();
process.exit(0);
