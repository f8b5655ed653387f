// Candidate explanation sentences with their passage and every support signal, for hand labelling.
import fs from 'node:fs';
import { loadConfig } from '../dist/src/config.js';
import { openTutor } from '../dist/src/app/compose.js';
import { explainMessages } from '../dist/src/tutor/answer/explain.js';
import { explanationPassages } from '../dist/src/tutor/answer/passages.js';
import { completeSentences } from '../dist/src/tutor/answer/attribute.js';
import { missingTerms, localSupportReading } from '../dist/src/tutor/answer/support.js';
import { streamText } from '../dist/src/llm/streamText.js';
import { detectLanguage } from '../dist/src/text/language.js';
const config = loadConfig(process.env);
const { tutor, localLlm } = await openTutor(config);
await tutor.warm();
const read = localSupportReading(localLlm);
const bank = tutor.bank.filter((q) => q.kind === 'open');
// every 7th open bank question, in its own language, plus glossary-style questions
const picked = fs.readFileSync('scratch/questions.txt', 'utf8').split('\n').filter(Boolean).map((text) => ({ text, id: text }));
const out = fs.createWriteStream(process.env.OUT ?? '/tmp/sample.jsonl');
for (const q of picked) {
  const answer = await tutor.ask(q.text, [], { extractive: true });
  if (!answer.grounded) continue;
  const result = await tutor['parts'].scope.lookUp(answer.phrasings ?? [answer.query]);
  const shown = explanationPassages(result.hits);
  const passages = shown.map((p) => p.citation);
  const text = await streamText(tutor.explainer, explainMessages({ question: answer.query, lang: answer.lang, hits: result.hits }, passages, true), { maxTokens: 170 });
  const { sentences } = completeSentences(text, true);
  for (const sentence of sentences) {
    const plain = sentence.replace(/\s*\[\d{1,3}\]/g, '').trim();
    if ((plain.match(/\p{L}+/gu) ?? []).length < 4) continue;
    const own = [...sentence.matchAll(/\[(\d)\]/g)].map((m) => Number(m[1])).filter((n) => n >= 1 && n <= passages.length);
    const [sims] = await tutor.knowledge.scoreSupport([plain], shown.map((p) => p.answer));
    const best = sims.indexOf(Math.max(...sims)) + 1;
    const n = own[0] ?? best;
    const passage = shown[n - 1].answer;
    const { share, missing } = missingTerms(plain, passage, answer.query);
    const reading = await read(passage, plain, false);
    out.write(JSON.stringify({ question: answer.query, lang: answer.lang, sentence: plain, passage, firstQuote: answer.citations[0]?.text === passage, sameLang: detectLanguage(plain) === detectLanguage(passage), share: +share.toFixed(3), sim: +sims[n - 1].toFixed(3), reading: +reading.toFixed(3), missing }) + '\n');
  }
  console.error('done', q.id);
}
out.end();
process.exit(0);
