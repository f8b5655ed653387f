import { loadConfig } from '../dist/src/config.js';
import { openTutor } from '../dist/src/app/compose.js';
const config = loadConfig({ ...process.env, TUTOR_LOG_LEVEL: 'debug' });
const { tutor } = await openTutor(config, undefined, { explanationCache: false });
await tutor.warm();
for (const q of process.argv.slice(2)) {
  const t0 = Date.now(); let first = null;
  const answer = await tutor.ask(q, [], { extractive: true });
  const e = await tutor.explain(answer, { onToken: () => (first ??= Date.now() - t0) });
  console.log(JSON.stringify({ q, first, ms: Date.now() - t0, composer: e?.composer, problem: e?.problem, text: e?.text, dropped: e?.dropped }));
}
process.exit(0);
