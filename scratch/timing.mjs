// Where an explanation's time goes: prompt tokens, prompt evaluation, writing; variants.
import { getLlama, LlamaChat, InputLookupTokenPredictor, DraftSequenceTokenPredictor } from 'node-llama-cpp';
const [,, modelPath, variant = 'plain', draftPath] = process.argv;
const llama = await getLlama({ gpu: false, build: 'never', logLevel: 'error', progressLogs: false });
const model = await llama.loadModel({ modelPath });
let predictor;
let draftModel;
if (variant === 'lookup') predictor = new InputLookupTokenPredictor({ patternLength: { min: 4 }, predictionLength: { max: 8 } });
if (variant === 'draft') {
  draftModel = await llama.loadModel({ modelPath: draftPath });
  const dctx = await draftModel.createContext({ contextSize: 3072, threads: 2 });
  predictor = new DraftSequenceTokenPredictor(dctx.getSequence(), { minTokens: 0, maxTokens: 8, minConfidence: 0.6 });
}
const ctx = await model.createContext({ contextSize: 3072, threads: 2, sequences: 1 });
const seq = ctx.getSequence(predictor ? { tokenPredictor: predictor } : {});
const chat = new LlamaChat({ contextSequence: seq });
const passages = JSON.parse(process.env.PASSAGES);
for (const { system, user, begin } of passages) {
  await seq.clearHistory();
  const history = [{ type: 'system', text: system }, { type: 'user', text: user }, { type: 'model', response: [begin ?? ''] }];
  const tokens = model.tokenize(system + user).length;
  const t0 = performance.now();
  let first = null; let out = '';
  await chat.generateResponse(history, { maxTokens: 160, temperature: 0, repeatPenalty: { lastTokens: 128, penalty: 1.15, frequencyPenalty: 0.1 },
    onTextChunk: (t) => { first ??= performance.now() - t0; out += t; } });
  const total = performance.now() - t0;
  const outTokens = model.tokenize(out).length;
  console.log(JSON.stringify({ variant, promptTokens: tokens, firstMs: Math.round(first), totalMs: Math.round(total), outTokens,
    tokPerSec: +(outTokens / ((total - first) / 1000)).toFixed(1), validated: seq.tokenPredictions ?? null, out: out.slice(0, 300) }));
}
process.exit(0);
