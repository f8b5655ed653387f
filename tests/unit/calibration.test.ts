import { describe, expect, it } from 'vitest';
import { fitDecision, type LabelledFeatures } from '../../src/app/calibrate/fit.js';
import { groupedFolds } from '../../src/app/calibrate/folds.js';
import { fitLogistic } from '../../src/app/calibrate/logistic.js';
import { auc } from '../../src/app/calibrate/metrics.js';
import { flipOnePole } from '../../src/app/calibrate/sources/flips.js';
import { denialRemoved } from '../../src/app/calibrate/sources/negations.js';
import { asksSeveral, pointsOf } from '../../src/app/calibrate/sources/fragments.js';
import { namesTheOther, writesOpeningNames } from '../../src/app/calibrate/sources/swaps.js';
import { fitFor, parseCalibration, probability, type GradingCalibration } from '../../src/tutor/grading/calibrated.js';
import { englishReadingsIn } from '../../src/app/calibration.js';
import { promptKey } from '../../src/app/calibrate/caseFiles.js';
import { cleanReply } from '../../src/app/calibrate/sources/write.js';
import { asQuestion } from '../../src/app/calibrate/askedQuestions.js';
import { EnglishReadings, englishPrompt, judgingInEnglish, overlapAsRead, readingKeyOf } from '../../src/tutor/grading/signals/english.js';
import { stemOverlap } from '../../src/text/analyze.js';
import { englishQuestionPrompt } from '../../src/tutor/knowledge/englishQuestions.js';
import type { BankQuestion } from '../../src/tutor/knowledge/bank.js';
import { FEATURE_NAMES, type GradeFeatures } from '../../src/tutor/grading/features.js';

const features = (agreement: number, evidence: number): GradeFeatures => ({
  ...(Object.fromEntries(FEATURE_NAMES.map((name) => [name, 0])) as GradeFeatures),
  agreement,
  evidence,
});

describe('fitting the grading decision', () => {
  it('AUC counts how often a positive outranks a negative', () => {
    expect(auc([0.9, 0.8, 0.1], [1, 1, 0])).toBe(1);
    expect(auc([0.1, 0.9], [1, 0])).toBe(0);
    expect(auc([0.5, 0.5], [1, 0])).toBe(0.5);
    expect(auc([0.5], [1])).toBeNaN();
  });

  it('folds never split a group, and every fold gets groups', () => {
    const groups = Array.from({ length: 40 }, (_, i) => `q${i % 10}`);
    const folds = groupedFolds(groups, 5);
    for (let i = 0; i < groups.length; i++)
      for (let j = 0; j < groups.length; j++) if (groups[i] === groups[j]) expect(folds[i]).toBe(folds[j]);
    expect(new Set(folds).size).toBe(5);
  });

  it('a logistic regression learns which way a signal points', () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ x: [i / 60, (i * 7) % 5], y: (i >= 30 ? 1 : 0) as 0 | 1 }));
    const model = fitLogistic(['agreement', 'evidence'], rows);
    expect(model.weights[0]).toBeGreaterThan(0);
    expect(Math.abs(model.weights[1]!)).toBeLessThan(model.weights[0]!);
    expect(probability(model, features(0.95, 2))).toBeGreaterThan(probability(model, features(0.05, 2)));
  });

  it('a signal keeps the direction it must pull, whatever the generated set suggests', () => {
    // Shared words point the wrong way here (as the model's paraphrases made them do): the fit may
    // ignore them, never count them against an answer.
    const rows = Array.from({ length: 60 }, (_, i) => ({ x: [i / 60, i >= 30 ? 0.1 : 0.9], y: (i >= 30 ? 1 : 0) as 0 | 1 }));
    const model = fitLogistic(['agreement', 'wordOverlap'], rows);
    expect(model.weights[0]).toBeGreaterThan(0);
    expect(model.weights[1]).toBe(0);
  });

  it('the pass cut lets no out-of-fold wrong answer through, and the fit is what the file format reads back', () => {
    const cases: LabelledFeatures[] = Array.from({ length: 90 }, (_, i) => {
      const verdict = i % 3 === 0 ? 'correct' : i % 3 === 1 ? 'partial' : 'incorrect';
      const agreement = verdict === 'correct' ? 0.7 + (i % 10) / 40 : verdict === 'partial' ? 0.45 + (i % 7) / 40 : 0.1 + (i % 9) / 30;
      return { group: `q${i % 30}`, verdict, features: features(agreement, agreement * 3) };
    });
    const { decision, oof } = fitDecision(cases, FEATURE_NAMES);
    const falsePasses = oof.verdicts.filter((v, i) => v === 'correct' && cases[i]!.verdict === 'incorrect').length;
    expect(falsePasses).toBe(0);
    expect(oof.verdicts.filter((v, i) => v === cases[i]!.verdict).length).toBeGreaterThan(60);
    const file = { version: 1, corpus: 'abc', judge: 'local', withModel: decision, withoutModel: decision };
    expect(parseCalibration(JSON.parse(JSON.stringify(file))).withModel.cuts).toEqual(decision.cuts);
    expect(() => parseCalibration({ ...file, withModel: { ...decision, pass: { ...decision.pass, weights: [1] } } })).toThrow(/malformed/);
    expect(() => parseCalibration({ ...file, version: 2 })).toThrow(/version 1/);
    expect(() => parseCalibration({ ...file, reads: 'french' })).toThrow(/reading language/);
  });

  it('a right answer that does not pass gets credit (partial), not a fail, where most answers get the credit they should', () => {
    const band = (from: number, i: number) => from + (i % 5) / 50;
    const cases: LabelledFeatures[] = [
      ...Array.from({ length: 30 }, (_, i) => ({ group: `q${i % 30}`, verdict: 'correct' as const, agreement: band(0.85, i) })),
      ...Array.from({ length: 30 }, (_, i) => ({ group: `q${i % 30}`, verdict: 'correct' as const, agreement: band(0.5, i) })),
      ...Array.from({ length: 30 }, (_, i) => ({ group: `q${i % 30}`, verdict: 'incorrect' as const, agreement: band(0.1, i) })),
      ...Array.from({ length: 6 }, (_, i) => ({ group: `q${i * 5}`, verdict: 'incorrect' as const, agreement: band(0.6, i) })),
    ].map(({ group, verdict, agreement }) => ({ group, verdict, features: features(agreement, 2) }));
    const { oof } = fitDecision(cases, ['agreement']);
    const failed = oof.verdicts.filter((v, i) => v === 'incorrect' && cases[i]!.verdict === 'correct').length;
    const credited = oof.verdicts.filter((v, i) => v === 'partial' && cases[i]!.verdict === 'correct').length;
    expect(credited).toBeGreaterThan(20);
    expect(failed).toBeLessThan(5);
  });

  it('a fit with the model applies only to the judge it was fitted on, reading the same language; without the model, to any', () => {
    const fitted = (reads?: 'english') =>
      ({ version: 1, corpus: 'abc', judge: 'local', ...(reads ? { reads } : {}) }) as unknown as GradingCalibration;
    const english = { ...fitted('english'), withModel: 'english fit', withoutModel: 'plain fit' } as unknown as GradingCalibration;
    expect(fitFor(english, { kind: 'local', reads: 'english' }, true)).toBe('english fit');
    expect(fitFor(english, { kind: 'local' }, true)).toBeNull();
    expect(fitFor({ ...english, reads: undefined } as GradingCalibration, { kind: 'local', reads: 'english' }, true)).toBeNull();
    expect(fitFor(english, { kind: 'remote' }, true)).toBeNull();
    expect(fitFor(english, { kind: 'local' }, false)).toBe('plain fit');
    expect(fitFor(null, { kind: 'local', reads: 'english' }, true)).toBeNull();
  });

  it('a generated flip turns one polar word of the reference', () => {
    expect(flipOnePole('The model performs well on the training data.')).toMatch(/performs (?:bad|badly|poorly) on/);
    expect(flipOnePole('Nothing polar here.')).toBeUndefined();
  });

  it('a generated negation takes the denial out of the first sentence that has one', () => {
    expect(denialRemoved('Dropout layers help. Dropout is not used at test time.')).toBe('Dropout is used at test time.');
    expect(denialRemoved('Ingen fare her, alt er bra.')).toBeUndefined();
  });
});

describe("the model's writings for the calibration set", () => {
  it('keep whole sentences: a stop inside a word does not cut one, and half a sentence at the token budget is dropped', () => {
    expect(cleanReply('Answer: Which versions of Node.js are supported? Call program.parse() once.')).toBe(
      'Which versions of Node.js are supported? Call program.parse() once.',
    );
    expect(cleanReply('It is camel-cased. So --template-engine becomes templateEngine in the')).toBe('It is camel-cased.');
    expect(cleanReply('one unfinished thought')).toBe('one unfinished thought');
  });

  it("take a section's question only as one question of a student's length", () => {
    expect(asQuestion('Question: How do I make an option mandatory?')).toBe('How do I make an option mandatory?');
    expect(asQuestion('How can I specify a required option in my course notes?')).toBe('How can I specify a required option?');
    expect(asQuestion('How do I make an option mandatory? And why?')).toBeUndefined();
    expect(asQuestion('Options?')).toBeUndefined();
    expect(asQuestion('Declare it with requiredOption.')).toBeUndefined();
  });
});

describe('English readings of the exam questions', () => {
  const question = (id: string, text: string, lang: BankQuestion['lang'], origin: BankQuestion['origin'] = 'qa') =>
    ({ id, text, lang, origin }) as BankQuestion;
  const norwegian = question('q-nb', 'Hvilke av følgende er loss funksjoner som brukes i klassifiseringsoppgaver?', 'nb');
  const swedish = question('q-sv', 'Förklara översiktligt hur ett CNN fungerar.', 'sv', 'exam');
  const english = question('q-en', 'What is a gradient?', 'en');
  const glossary = question('q-term', 'Gradient', 'nb', 'glossary');

  it('are read back by the prompt that wrote them, without what the model said around them, and only for exam questions not in English', () => {
    const written = new Map([
      [promptKey(englishQuestionPrompt(norwegian)), 'Which of the following are loss functions used in classification problems?'],
      [promptKey(englishQuestionPrompt(swedish)), 'Here is the English translation: "Explain briefly how a CNN works."'],
      [promptKey(englishQuestionPrompt(english)), 'What is a gradient?'],
      [promptKey(englishQuestionPrompt(glossary)), 'Gradient'],
    ]);
    expect(englishReadingsIn(written, [norwegian, swedish, english, glossary])).toEqual(
      new Map([
        ['q-nb', 'Which of the following are loss functions used in classification problems?'],
        ['q-sv', 'Explain briefly how a CNN works.'],
      ]),
    );
    expect(englishReadingsIn(new Map(), [norwegian])).toEqual(new Map());
  });
});

describe("the judge's English readings", () => {
  it('are kept by the same key as the calibration keeps what the model wrote', () => {
    const text = 'Dropout slår av tilfeldige nevroner under trening.';
    expect(readingKeyOf(text)).toBe(promptKey(englishPrompt(text)));
  });

  it('give the words an answer shares with the reference across languages, from the kept readings', async () => {
    const reference = 'Differentialet (hældningen) i et bestemt punkt.';
    const answer = 'The slope of the loss at a given point.';
    const known = new Map([[readingKeyOf(reference), 'The differential (the slope) at a specific point.']]);
    const unused = new Proxy(
      {},
      {
        get: () => {
          throw new Error('every reading here is kept: the model is not asked');
        },
      },
    );
    const readings = new EnglishReadings(unused as never, known);
    const judge = judgingInEnglish({ kind: 'local', agreement: async () => 0.5 }, readings);
    const input = { question: 'What is a gradient?', reference, answer };
    expect(stemOverlap(answer, reference)).toBe(0);
    expect(await overlapAsRead(judge, input)).toBeGreaterThan(0.3);
    expect(await overlapAsRead({ kind: 'remote', agreement: async () => 0.5 }, input)).toBe(0);
  });
});

describe('which answers the calibration set may label', () => {
  const question = (id: string, text: string, origin: BankQuestion['origin'] = 'exam') =>
    ({ id, text, origin, reference: '' }) as BankQuestion;

  it('a question that asks two things gets no short right answer; one that asks one thing does', () => {
    expect(asksSeveral('Explain how the learning rate finder works and why it is useful.')).toBe(true);
    expect(asksSeveral('Hva er en metrikk? Hvordan er dette forskjellig fra en loss funksjon?')).toBe(true);
    expect(asksSeveral('Vad är en parameter? Vad är en hyperparameter?')).toBe(true);
    expect(asksSeveral('Hva er dropout?')).toBe(false);
    expect(asksSeveral('Forklar konseptet "embeddings" i kontekst av NLP')).toBe(false);
  });

  it('a reference that lists three points or more makes several; a sentence or two makes one', () => {
    expect(
      pointsOf('- Effektivitet: reduserer dimensjonaliteten\n- Semantikk: fanger likhet mellom ord\n- Trenbarhet: lært under trening'),
    ).toHaveLength(3);
    expect(pointsOf('Dropout slår av en andel av nevronene under trening. Det motvirker overtilpasning.')).toEqual([]);
  });

  it('a swap partner whose quoted name the other question writes may share its answer', () => {
    const concept = question('q-a', 'Forklar konseptet "embeddings" i kontekst av naturlig språkprosessering NLP');
    const versus = question('q-b', 'Embeddings vs. One-hot Encoding', 'glossary');
    const other = question('q-c', 'Hva er en aktiveringsfunksjon?');
    expect(namesTheOther(concept, versus)).toBe(true);
    expect(namesTheOther(concept, other)).toBe(false);
  });

  it('a swapped-in answer that writes every code name of the first sentence of the right one is not taken for wrong', () => {
    const own = 'You can specify (sub)commands using `.command()` or `.addCommand()`. There are two ways these can be implemented.';
    const naming =
      'Subcommands get a name when specified using `.command()`. If you create the subcommand yourself to use with `.addCommand()`, set its name.';
    const other = 'An executable subcommand is launched as a separate child process, named with `.name()`.';
    expect(writesOpeningNames(naming, own)).toBe(true);
    expect(writesOpeningNames(other, own)).toBe(false);
    // A first sentence without code names says nothing here.
    expect(writesOpeningNames(naming, 'Commands are what a program does. Use `.command()` for them.')).toBe(false);
  });
});
