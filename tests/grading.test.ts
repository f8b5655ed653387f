import type { Tutor } from '../src/tutor/tutor.js';
import { createRetriever } from '../src/app/open.js';
import { createTutor } from '../src/app/compose.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEmbedder } from '../src/embed/embedder.js';
import { buildIndex } from '../src/index/build.js';
import { loadIndex } from '../src/index/store.js';
import { LOCAL_LLM_FILE, LocalLlm } from '../src/llm/local.js';
import type { Retriever } from '../src/retrieval/search.js';
import { MODELS, tempWorkspace } from './helpers/env.js';
import { EnglishReadings, englishReadingsOf, readingKeyOf } from '../src/tutor/grading/signals/english.js';
import { LocalChatModel } from '../src/llm/localChatModel.js';
import { detectLanguage } from '../src/text/language.js';

/** The real grader: real embeddings, real index, the real local language model (set up by `npm run setup-models`). */
let tutor: Tutor;
let retriever: Retriever;
let embedder: Awaited<ReturnType<typeof loadEmbedder>>;
let llm: LocalLlm;

beforeAll(async () => {
  expect(fs.existsSync(path.join(MODELS, LOCAL_LLM_FILE)), 'run `npm run setup-models` first').toBe(true);
  const ws = tempWorkspace('grading');
  embedder = await loadEmbedder(ws.config);
  await buildIndex({ config: ws.config, embedder });
  retriever = createRetriever(loadIndex(ws.indexDir), embedder);
  llm = new LocalLlm({ modelDir: MODELS, mode: 'auto', threads: 1 });
  tutor = createTutor(retriever, embedder, { chat: null, localLlm: llm, calibrationDir: ws.config.calibrationDir });
  expect(tutor.judge?.kind).toBe('local');
});

afterAll(async () => {
  await llm?.dispose();
});

describe('grading with the local language model', () => {
  it('a contradiction is incorrect, and the feedback says what the notes say and what the answer says', async () => {
    const result = await tutor.grade({
      question: 'Hva er en metrikk? Hvordan er dette forskjellig fra en loss funksjon?',
      answer: 'En metrikk er det samme som loss-funksjonen.',
    });
    expect(result.verdict).toBe('incorrect');
    expect(result.feedback).toMatch(/^Ikke riktig/);
    expect(result.feedback).toContain('[1]');
    expect(result.feedback).toContain('det samme som loss-funksjonen');
    expect(result.citations[0]?.text.length).toBeGreaterThan(0);
  });

  it('the model judges a Scandinavian answer in its English reading, made once and kept', async () => {
    const answer = 'Dropout slår av en tilfeldig andel av nevronene under trening, så nettverket ikke blir avhengig av enkelte nevroner.';
    await tutor.grade({ question: 'Hva er dropout?', answer });
    const reading = englishReadingsOf(tutor.judge)?.readings.get(readingKeyOf(answer));
    expect(reading).toMatch(/neurons/i);
    expect(detectLanguage(reading!)).toBe('en');
  });

  it("a background reading that a student's request stops is read again afterwards, not lost", async () => {
    expect(await llm.warm()).toBeUndefined();
    const readings = new EnglishReadings(new LocalChatModel(llm));
    const text = 'Overtilpasning betyr at modellen lærer treningsdataene for godt, også støyen, og presterer dårlig på nye data.';
    const reading = readings.read(text, true);
    await vi.waitFor(() => expect(llm.running).toBe('background'), { timeout: 30_000, interval: 20 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The student's request stops the background reading where it is.
    await llm.yesNo('Dropout slår av tilfeldige nevroner under trening.', { neural: 'Is this about neural networks?' });
    const english = await reading;
    expect(detectLanguage(english)).toBe('en');
    expect(english).toMatch(/overfit|training data/i);
  });

  it('on-topic nonsense is incorrect', async () => {
    const result = await tutor.grade({ question: 'Hva er dropout?', answer: 'Dropout er når studenter slutter på studiet.' });
    expect(result.verdict).toBe('incorrect');
  });

  it('a swapped concept does not pass, and a reversed hierarchy is incorrect', async () => {
    const swapped = await tutor.grade({
      question: 'What is overfitting?',
      answer: 'When the model is too simple, so it performs badly on both the training data and new data.',
    });
    expect(swapped.verdict).not.toBe('correct');
    expect(swapped.feedback).toContain('badly');
    const reversed = await tutor.grade({
      question: 'Hur är AI, maskininlärning och deep learning relaterade?',
      answer: 'Maskininlärning är en del av deep learning, som är en del av AI.',
    });
    expect(reversed.verdict).toBe('incorrect');
    expect(reversed.feedback).toMatch(/^Inte rätt: ditt svar vänder på förhållandet/);
  });

  it('an answer with the opposite truth value of a true/false reference is incorrect', async () => {
    const question = tutor.bank.find((q) => q.reference.startsWith('Usant'));
    expect(question, 'the notes hold a true/false question answered "Usant"').toBeDefined();
    const result = await tutor.grade({ question: question!.text, answer: 'Ja, det er alltid best', questionId: question!.id });
    expect(result).toMatchObject({ verdict: 'incorrect', score: 0 });
    expect(result.feedback).toMatch(/motsatte/);
  });

  let learningRate: ReturnType<typeof tutor.grade> | undefined;
  const paraphraseOnLearningRate = () =>
    (learningRate ??= tutor.grade({
      question: 'Hvorfor kan vi ikke alltid bruke en høy læringsrate?',
      answer: 'Fordi store steg gjør at vi hopper over minimumet av tapet.',
    }));

  it('a correct paraphrase in another language is graded against its own exam question', async () => {
    const result = await paraphraseOnLearningRate();
    expect(result.citations[0]).toMatchObject({ file: '003_3481d4d7558ed6e1.txt' });
    expect(result.citations[0]!.text).toContain('overshoot');
  });

  // Failed from the fit with translated swaps until short right answers joined the calibration set.
  it('a correct paraphrase in another language passes', async () => {
    expect((await paraphraseOnLearningRate()).verdict).toBe('correct');
  });

  // Known gap (issue 17): the fitted decision passes only what no wrong answer out of fold reached,
  // and the small model's agreement on short answers is weak, so these correct answers are failed
  // today. `it.fails` keeps them visible: each turns red the day the grader gets it right.
  it.fails('a correct answer in other words than the reference passes', async () => {
    const result = await tutor.grade({ question: 'What is a gradient?', answer: 'The slope of the loss at a point' });
    expect(result.verdict).toBe('correct');
  });

  it('a question that is not in the notes is unknown, also when its other words are on topic', async () => {
    expect(await tutor.grade({ question: 'What is the cube root of 27?', answer: '3' })).toMatchObject({
      verdict: 'unknown',
      citations: [],
    });
    const gan = await tutor.grade({
      question: 'Hva er et generative adversarial network (GAN)?',
      answer: 'To nevrale nettverk som konkurrerer mot hverandre.',
    });
    expect(gan).toMatchObject({ verdict: 'unknown', citations: [] });
    expect(gan.feedback).toMatch(/finnes ikke i kursnotatene/);
  });
});

describe('grading fitted on this course (npm run calibrate) and matched across languages', () => {
  it('the repository holds the fit for this course, and grades use it', async () => {
    expect(tutor.calibration, 'run `npm run calibrate` after the notes or the chunker change').toMatchObject({ calibrated: true });
    const result = await tutor.grade({ question: 'Hva er dropout?', answer: 'Dropout er når studenter slutter på studiet.' });
    expect(result.signals).toMatchObject({ by: 'fitted' });
    expect(result.signals!.confidence).toBeGreaterThanOrEqual(0);
  });

  // Known gap (issue 17): the model's agreement stays weak on this one.
  it.fails('a correct Swedish answer passes', async () => {
    const result = await tutor.grade({
      question: 'Vad är early stopping?',
      answer: 'Man avbryter träningen när felet på valideringsdatan slutar minska, innan modellen hinner överanpassa sig.',
    });
    expect(result.verdict).toBe('correct');
  });

  // Passes since short right answers joined the calibration set and the exam question on dropout is found by its quoted name.
  it('a correct Danish answer passes', async () => {
    const result = await tutor.grade({
      question: 'Hvad er dropout?',
      answer: 'Under træningen slukkes en tilfældig andel af neuronerne, så netværket ikke bliver afhængigt af enkelte neuroner.',
    });
    expect(result.verdict).toBe('correct');
  });

  it('an absolute claim the notes do not make is incorrect, and the feedback names it', async () => {
    const result = await tutor.grade({
      question: 'What is data augmentation?',
      answer: 'Data augmentation always makes a model perfect: with it, a model never overfits.',
    });
    expect(result.verdict).toBe('incorrect');
  });

  it('an answer asserting what the notes deny is incorrect, whatever the signals of its shared words say', async () => {
    const result = await tutor.grade({
      question: 'När man skall göra modellval och modellutvärdering, hur används tränings-, validerings- och testdata?',
      answer: 'Modellen ska utvärderas på data som den har sett under träningen, så att bedömningen blir rättvis.',
    });
    expect(result.verdict).toBe('incorrect');
    expect(result.signals!.features).toMatchObject({ flip: 1 });
  });

  it("an English question that the notes ask as a Norwegian multiple-choice question is matched by the question's English reading", async () => {
    const reference = await tutor.referenceFor('Which loss function is used for classification?');
    expect(reference).toMatchObject({ lang: 'nb', kind: 'mcq' });
    expect(reference!.text).toContain('loss funksjoner');
  });

  it('an English question that the notes ask in Norwegian is graded against that Norwegian question', async () => {
    const reference = await tutor.referenceFor('What is the purpose of the fine_tune() function in the fastai library?');
    expect(reference).toMatchObject({ lang: 'nb', source: { file: '000_145cbdfc8695a050.txt' } });
    expect(reference!.text).toContain('fine_tune()');
  });
});

describe('grading without the local language model', () => {
  it('still grades with embeddings and rules, and says once in the log that it is less reliable', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    let fallback: Tutor;
    try {
      fallback = createTutor(retriever, embedder, { chat: null, localLlm: new LocalLlm({ modelDir: MODELS, mode: 'off', threads: 0 }) });
    } finally {
      spy.mockRestore();
    }
    expect(fallback.judge).toBeNull();
    expect(written.filter((line) => line.includes('less reliable'))).toHaveLength(1);
    expect((await fallback.grade({ question: 'What is a gradient?', answer: 'A colour transition in an image' })).verdict).toBe(
      'incorrect',
    );
    expect((await fallback.grade({ question: 'Er det alltid lurt å bruke RandomSplitter?', answer: 'Ja, alltid' })).verdict).not.toBe(
      'correct',
    );
    expect(['correct', 'partial']).toContain(
      (
        await fallback.grade({
          question: 'Hva er dropout?',
          answer: 'En regulariseringsteknikk som tilfeldig slår av en andel av nevronene under trening.',
        })
      ).verdict,
    );
  });

  it('a damaged model file is a logged fallback, never a failed grade', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-badmodel-'));
    fs.writeFileSync(path.join(dir, LOCAL_LLM_FILE), 'not a gguf file');
    const broken = new LocalLlm({ modelDir: dir, mode: 'auto', threads: 0 });
    const withBroken = createTutor(retriever, embedder, { chat: null, localLlm: broken });
    expect(withBroken.judge?.kind).toBe('local');
    const result = await withBroken.grade({ question: 'What is a gradient?', answer: 'A colour transition in an image' });
    expect(result.verdict).toBe('incorrect');
    expect(result.citations.length).toBeGreaterThan(0);
  });
});
