import { createRetriever } from '../src/app/open.js';
import { createTutor } from '../src/app/compose.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEmbedder } from '../src/embed/embedder.js';
import { buildIndex } from '../src/index/build.js';
import { loadIndex } from '../src/index/store.js';
import { standaloneQuestion } from '../src/tutor/scope/followup.js';
import { citationMarkers } from '../src/tutor/knowledge/markers.js';
import { Tutor, type TutorAnswer } from '../src/tutor/tutor.js';
import type { BankQuestion } from '../src/tutor/knowledge/bank.js';
import { tempWorkspace } from './helpers/env.js';
import { expectExactCitations as expectCitedLines } from './helpers/citations.js';

let tutor: Tutor;
let corpusDir: string;

beforeAll(async () => {
  const ws = tempWorkspace('tutor');
  corpusDir = ws.corpusDir;
  const embedder = await loadEmbedder(ws.config);
  await buildIndex({ config: ws.config, embedder });
  // No language model: grading uses the course's fit without the model's agreement, as a user without one gets it.
  tutor = createTutor(createRetriever(loadIndex(ws.indexDir), embedder), embedder, { calibrationDir: ws.config.calibrationDir });
});

function expectExactCitations(answer: TutorAnswer): void {
  expectCitedLines(corpusDir, answer.citations);
  const markers = citationMarkers(answer.answer).map((m) => m.n);
  expect(new Set(markers)).toEqual(new Set(answer.citations.map((_, i) => i + 1)));
}

function mcq(fragment: string): BankQuestion {
  const question = tutor.bank.find((q) => q.kind === 'mcq' && q.text.includes(fragment));
  expect(question, fragment).toBeDefined();
  return question!;
}

describe('answers with citations', () => {
  it('"What is dropout?" cites the Norwegian glossary and the Swedish exam answers', async () => {
    const answer = await tutor.ask('What is dropout?');
    expect(answer.grounded).toBe(true);
    expect(answer.composer).toBe('extractive');
    expectExactCitations(answer);
    const cited = answer.citations.map((c) => `${c.file}:${c.startLine}`);
    expect(cited).toContain('001_277e09fd6dde2077.txt:23');
    expect(answer.citations.find((c) => c.file === '001_277e09fd6dde2077.txt')?.source).toBe('Glossary (Norwegian)');
    expect(answer.citations.some((c) => c.file === '004_f703909277ea8cfb.txt' && c.startLine >= 68 && c.endLine <= 70)).toBe(true);
    expect(answer.citations.some((c) => c.file === '002_d7daf46238b56a97.txt' && c.startLine >= 192 && c.endLine <= 215)).toBe(true);
    expect(answer.answer).toMatch(/\(source in (Swedish|Norwegian)\)/);
  });

  it('a quote from the Danish answers of an English exam is labelled Danish, however short', async () => {
    for (const question of ["Why can't we use accuracy as a loss function?", 'How do we initialize the weights in a model?']) {
      const answer = await tutor.ask(question);
      expectExactCitations(answer);
      const heading = answer.answer.split('\n').find((line) => line.startsWith(`**${question}**`));
      expect(heading).toBe(`**${question}** (source in Danish)`);
    }
  });

  it('every sentence carries a marker, and a Danish question gets Danish wording', async () => {
    const answer = await tutor.ask('Hvad er en gradient?');
    expectExactCitations(answer);
    expect(answer.lang).toBe('da');
    const body = answer.answer.split('\n').filter((line) => line && !line.startsWith('**'));
    for (const line of body) expect(line).toMatch(/\[\d+\]$/);
  });

  it("a question the notes do not cover gets an honest refusal in the student's language, no citations", async () => {
    const english = await tutor.ask('What is the capital of Australia?');
    expect(english).toMatchObject({ grounded: false, citations: [], composer: 'refusal' });
    expect(english.answer).toMatch(/course notes do not cover/);
    const norwegian = await tutor.ask('Hva er hovedstaden i Canada?');
    expect(norwegian.grounded).toBe(false);
    expect(norwegian.answer).toMatch(/Kursnotatene dekker ikke/);
  });

  it('without a language model, questions that name things the course never does are refused by their words', async () => {
    for (const question of [
      'What is a Kubernetes pod?',
      'Hvordan lager man en indeks i en SQL-database?',
      'Hur bakar man kanelbullar?',
      'Hvad er en primærnøgle i en SQL-tabel?',
    ]) {
      const answer = await tutor.ask(question);
      expect(answer.grounded, question).toBe(false);
      expect(answer.citations, question).toEqual([]);
    }
    // Every word of these is a word of the notes (in another language, inflection or compound): answered.
    for (const question of ['Vad är en förvirringsmatris?', 'Hvorfor normaliserer man data?', 'Hva er bildesegmentering?']) {
      expect((await tutor.ask(question)).grounded, question).toBe(true);
    }
  });

  it('a follow-up question is read with the previous question', async () => {
    expect(standaloneQuestion('and why is that?', [{ role: 'student', text: 'What is dropout?' }])).toBe(
      'What is dropout? and why is that?',
    );
    expect(standaloneQuestion('What is a Learner in fastai?', [{ role: 'student', text: 'What is dropout?' }])).toBe(
      'What is a Learner in fastai?',
    );
    const alone = await tutor.ask('Hvorfor?');
    expect(alone.grounded).toBe(false);
    const followUp = await tutor.ask('Hvorfor?', [
      { role: 'student', text: 'Hva er gradient descent?' },
      { role: 'tutor', text: '…' },
    ]);
    expect(followUp.grounded).toBe(true);
    expect(followUp.citations.some((c) => /gradient/i.test(c.title))).toBe(true);
  });
});

describe('question bank and quiz', () => {
  it('holds every exam-style question with its reference and source lines', () => {
    expect(tutor.bank).toHaveLength(67);
    expect(tutor.bank.filter((q) => q.kind === 'mcq')).toHaveLength(8);
    expect(new Set(tutor.bank.map((q) => q.id)).size).toBe(tutor.bank.length);
    for (const q of tutor.bank) {
      expect(q.reference.length).toBeGreaterThan(0);
      expect(q.source.endLine).toBeGreaterThanOrEqual(q.source.startLine);
      if (q.kind === 'mcq') expect(q.correct!.length).toBeGreaterThan(0);
    }
    expect(mcq('loss funksjoner').correct).toEqual(['B']);
  });

  it('never draws the same question twice in a row, and honours language and topic', async () => {
    let previous: string | undefined;
    for (let i = 0; i < 25; i++) {
      const drawn = await tutor.quiz(previous ? { previousId: previous } : {});
      expect(drawn.id).not.toBe(previous);
      previous = drawn.id;
    }
    for (let i = 0; i < 5; i++) expect((await tutor.quiz({ lang: 'sv' })).lang).toBe('sv');
    const onTopic = await tutor.quiz({ topic: 'overtilpasning og regularisering' });
    expect(`${onTopic.text} ${onTopic.reference}`).toMatch(/overfit|overtilpas|regulari|dropout|early stopping/i);
    await expect(tutor.quiz({ topic: 'baking sourdough bread at home' })).rejects.toThrow(/no exam question/);
  });

  it('draws only questions it can grade: an open question whose reference is code alone is never drawn', async () => {
    const codeOnly = tutor.bank.find((q) => q.text.startsWith('Create a 3×3 tensor'))!;
    expect(codeOnly.kind).toBe('open');
    for (let i = 0; i < 8; i++) {
      const drawn = await tutor.quiz({ topic: 'Create a 3×3 tensor with the numbers 1 to 9, double it, select the bottom-right four' });
      expect(drawn.id).not.toBe(codeOnly.id);
    }
  });

  it('a language filter holds: no question in that language is an error that says so, never another language', async () => {
    for (const lang of ['nb', 'sv', 'en'] as const) {
      for (let i = 0; i < 4; i++) expect((await tutor.quiz({ lang, kind: 'open' })).lang).toBe(lang);
    }
    // The Danish notes (003) answer English questions: there is no question asked in Danish.
    await expect(tutor.quiz({ lang: 'da' })).rejects.toThrow(/no question in Danish/);
    await expect(tutor.quiz({ lang: 'en', kind: 'mcq' })).rejects.toThrow(/no multiple-choice question in English/);
  });

  it("quiz feedback is in the quiz's language, whatever language the answer is written in", async () => {
    const norwegian = tutor.bank.find((q) => q.lang === 'nb' && q.kind === 'mcq')!;
    const byLetter = await tutor.grade({ question: norwegian.text, answer: 'A', questionId: norwegian.id });
    expect(byLetter.feedback).toMatch(/^(Riktig|Ikke riktig|Delvis riktig)/);
    const swedish = tutor.bank.find((q) => q.lang === 'sv' && q.kind === 'open')!;
    const inEnglish = await tutor.grade({
      question: swedish.text,
      answer: 'I do not know, something about bananas',
      questionId: swedish.id,
    });
    expect(inEnglish.feedback).toMatch(/^(Rätt|Inte rätt|Delvis rätt)/);
  });
});

describe('grading multiple choice', () => {
  it('by letter, several letters, option text, and in another language', async () => {
    const loss = mcq('loss funksjoner');
    expect((await tutor.grade({ question: loss.text, answer: 'B', questionId: loss.id })).verdict).toBe('correct');
    expect((await tutor.grade({ question: loss.text, answer: 'a', questionId: loss.id })).verdict).toBe('incorrect');
    expect((await tutor.grade({ question: loss.text, answer: 'Cross Entropy Loss' })).verdict).toBe('correct');

    const overfitting = mcq('forhindre "overfitting"');
    expect((await tutor.grade({ question: overfitting.text, answer: 'A, B og D', questionId: overfitting.id })).verdict).toBe('correct');
    const partial = await tutor.grade({ question: overfitting.text, answer: 'L1 og Dropout', questionId: overfitting.id });
    expect(partial.verdict).toBe('partial');
    expect(partial.score).toBeCloseTo(2 / 3, 2);
    expect((await tutor.grade({ question: overfitting.text, answer: 'A and C', questionId: overfitting.id })).verdict).toBe('incorrect');

    const activation = mcq('aktiveringsfunksjoner');
    const english = await tutor.grade({ question: activation.text, answer: 'To add non-linearity to the model' });
    expect(english.verdict).toBe('correct');
    expect(english.citations[0]?.file).toBe('000_145cbdfc8695a050.txt');
    const wrong = await tutor.grade({ question: activation.text, answer: 'To reduce the training speed' });
    expect(wrong.verdict).toBe('incorrect');
    expect(wrong.feedback).toMatch(/C \(Å legge til ikke linearitet/);
  });
});

describe('grading open answers', () => {
  it('a right answer in another language is never failed, with feedback citing the reference', async () => {
    const result = await tutor.grade({
      question: 'Hur är AI, maskininlärning och deep learning relaterat?',
      answer: 'Deep learning is part of machine learning, which in turn is part of AI',
    });
    expect(result.verdict).not.toBe('incorrect');
    expect(result.citations.length).toBeGreaterThan(0);
    expect(result.feedback).toMatch(/\[1\]/);
    expect(result.reference.length).toBeGreaterThan(0);
  });

  it('a wrong answer does not pass', async () => {
    const result = await tutor.grade({ question: 'What is broadcasting?', answer: 'Sending the same message to every user of a chat app' });
    expect(result.verdict).toBe('incorrect');
  });

  it('an answer copied from another question does not pass', async () => {
    const broadcasting = tutor.bank.find((q) => q.text === 'What is broadcasting?')!;
    const result = await tutor.grade({ question: 'What is SGD?', answer: broadcasting.reference });
    expect(result.verdict).not.toBe('correct');
  });

  it('an answer about the wrong half of a two-part question does not pass', async () => {
    const result = await tutor.grade({ question: 'Vad är en hyperparameter?', answer: 'Vikterna som modellen lär sig under träningen' });
    expect(result.verdict).toBe('incorrect');
  });

  it('a question that is not in the notes is "unknown"', async () => {
    const result = await tutor.grade({ question: 'What is the cube root of 27?', answer: '3' });
    expect(result).toMatchObject({ verdict: 'unknown', citations: [], reference: '' });
  });

  it('feedback quotes whole sentences, also where the notes carry a sentence on to the next bullet', async () => {
    const result = await tutor.grade({ question: "Why can't we always use a high learning rate?", answer: 'Because bananas are yellow.' });
    expect(result.feedback).toContain('blive være, da den tager for store skridt.');
    const cited = result.citations.find((c) => c.text.includes('overshoot'))!;
    expect(cited.endLine).toBe(cited.startLine + 1);
  });

  it('an empty answer is incorrect, not an error', async () => {
    expect((await tutor.grade({ question: 'What is SGD?', answer: '   ' })).verdict).toBe('incorrect');
  });
});
