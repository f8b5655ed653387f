import { loadConfig } from '../dist/src/config.js';
import { openTutor } from '../dist/src/app/compose.js';
import { explainMessages, trimmedPassage } from '../dist/src/tutor/answer/explain.js';
const questions = ['Hva er transfer learning?', 'Vad är early stopping?', 'Hvad er en loss function?', 'What is a rank-3 tensor?', 'Hva er forskjellen på parametere og hyperparametere?', 'What is data augmentation?'];
const config = loadConfig({ ...process.env, TUTOR_LOCAL_LLM: 'off' });
const { tutor } = await openTutor(config);
const out = [];
for (const q of questions) {
  const a = await tutor.ask(q, [], { extractive: true });
  const result = await tutor['parts'].scope.lookUp(a.phrasings ?? [a.query]);
  const seen = new Set(); const passages = [];
  for (const h of result.hits) { if (seen.has(h.chunk.unitId)) continue; seen.add(h.chunk.unitId); passages.push(trimmedPassage(h)); if (passages.length === 4) break; }
  const m = explainMessages({ question: a.query, lang: a.lang, hits: result.hits }, passages, true);
  out.push({ system: m[0].content, user: m[1].content, begin: m[2].content });
}
console.log(JSON.stringify(out));
process.exit(0);
