import { describe, expect, it } from 'vitest';
import { completeSentences, SentenceChecker, type SupportScorer } from '../../src/tutor/answer/attribute.js';
import { checkSupport, missingTerms } from '../../src/tutor/answer/support.js';
import { stemRecall } from '../../src/text/analyze.js';
import { detectLanguage } from '../../src/text/language.js';

const passages = [
  'Dropout slår av tilfeldige nevroner under trening, så nettverket ikke blir avhengig av enkelte nevroner.',
  'Læringsraten bestemmer hvor store steg optimereren tar.',
];

/** Word overlap stands in for the embedding model here: it only picks the passage a sentence without a marker is checked against. */
const byWords: SupportScorer = async (sentences, texts) => sentences.map((sentence) => texts.map((text) => stemRecall(sentence, text)));

const checker = (options: ConstructorParameters<typeof SentenceChecker>[3] = {}) => new SentenceChecker(passages, byWords, null, options);

describe('checking an explanation sentence by sentence', () => {
  it('keeps a sentence its passage supports, with that passage; an unmarked or wrongly marked one gets the passage that supports it', async () => {
    const check = checker();
    expect(await check.consider('Dropout slår av tilfeldige nevroner under trening. [1]')).toMatchObject({ kept: true, passages: [1] });
    expect(await check.consider('Læringsraten bestemmer hvor store steg optimereren tar.')).toMatchObject({ kept: true, passages: [2] });
    expect(await checker().consider('Læringsraten bestemmer hvor store steg optimereren tar. [1]')).toMatchObject({
      kept: true,
      passages: [2],
    });
  });

  it('drops what the passage does not say, even when it reads like it: a claim added, a clause from another entry', async () => {
    const added = await checker().consider('Dropout ble oppfunnet av Geoffrey Hinton i 2012 for store nettverk. [1]');
    expect(added).toMatchObject({ kept: false, reason: 'not supported' });
    const mixed = await checker().consider(
      'Dropout slår av tilfeldige nevroner under trening, som balanserer beregningseffektivitet og modellkonvergens. [1]',
    );
    expect(mixed.kept).toBe(false);
    expect(mixed.support?.missing).toEqual(expect.arrayContaining(['balanserer', 'beregningseffektivitet', 'modellkonvergens']));
  });

  it('drops repeats, talk about the notes, other languages, unsupported terms, the first quote again, and copied list numbers', async () => {
    const check = checker({
      inLanguage: (sentence) => detectLanguage(sentence) !== 'da' || !/tilfældige/.test(sentence),
      unsupportedTerms: ['underfitting'],
      firstQuote: passages[1],
    });
    expect(await check.consider('Dropout slår av tilfeldige nevroner under trening. [1]')).toMatchObject({ kept: true });
    const reasons = [];
    for (const sentence of [
      'Dropout slår av tilfeldige nevroner under trening. [1]',
      'Notatene forklarer dropout i detalj. [1]',
      'Dropout slår tilfældige neuroner fra under træningen, så nettet ikke bliver afhængigt. [1]',
      'Underfitting er når nettverket er avhengig av enkelte nevroner. [1]',
      'Læringsraten bestemmer hvor store steg optimereren tar. [2]',
      'Nettverket blir ikke avhengig, da 2. den slår av nevroner under trening. [1]',
    ])
      reasons.push(((await check.consider(sentence)) as { reason?: string }).reason);
    expect(reasons).toEqual([
      'repeat',
      'about the notes',
      'another language',
      'unsupported term',
      'restates the first quote',
      'list residue',
    ]);
  });

  it("strips labels and the notes' numbering before it checks, and drops headings and fragments", async () => {
    expect(await checker().consider('37. Forklaring: Dropout slår av tilfeldige nevroner under trening. [1]')).toMatchObject({
      kept: true,
      plain: 'Dropout slår av tilfeldige nevroner under trening.',
    });
    expect(await checker().consider('One-hot Encoding.')).toMatchObject({ kept: false, reason: 'fragment' });
  });
});

describe('sentences of an explanation still being written', () => {
  it('a sentence is complete once the next one has begun; its marker stays with it; "f.eks." ends no sentence; code is left out', () => {
    expect(completeSentences('Dropout slår av nevroner. [1] Lærings', false)).toEqual({
      sentences: ['Dropout slår av nevroner [1].'],
      rest: 'Lærings',
    });
    expect(completeSentences('Dropout slår av nevroner, f.eks. halvparten av dem', false).sentences).toEqual([]);
    expect(completeSentences('1. Weight', false)).toEqual({ sentences: [], rest: '1. Weight' });
    expect(
      completeSentences('Slik:\n```python\nmodel.add(Dropout(0.5))  # [2]\n```\nLæringsraten styrer steget. [2]', true).sentences,
    ).toEqual(['Slik:', 'Læringsraten styrer steget [2].']);
  });
});

describe('support by words', () => {
  it('finds the key terms of a sentence in the passage in their other forms and spellings', () => {
    expect(missingTerms('Dropout slår av tilfeldige nevroner.', passages[0]!).missing).toEqual([]);
    expect(missingTerms('Tapsfunksjonen måler feilen.', 'A loss function (tapsfunksjon) measures the error of the model.').missing).toEqual(
      ['måler', 'feilen'],
    );
  });

  it('without a model, only a sentence whose every key term the passage writes is supported; the question lends no claim', async () => {
    expect((await checkSupport('Dropout slår av tilfeldige nevroner.', passages[0]!, '', null)).supported).toBe(true);
    const claim = 'Det er alltid lurt å bruke tilfeldig uttrekk av valideringsdata.';
    expect((await checkSupport(claim, 'Usant. Gjelder ikke for tidsserier eller gruppert data.', claim, null)).supported).toBe(false);
    expect((await checkSupport('Dropout gjør modellen raskere å trene.', passages[0]!, '', null)).supported).toBe(false);
  });
});
