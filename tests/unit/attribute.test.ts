import { describe, expect, it } from 'vitest';
import { attributeSentences, SUPPORT_MIN, type SupportScorer } from '../../src/tutor/answer/attribute.js';
import { stemRecall } from '../../src/text/analyze.js';

const passages = [
  'Dropout slår av tilfeldige nevroner under trening, så nettverket ikke blir avhengig av enkelte nevroner.',
  'Læringsraten bestemmer hvor store steg optimereren tar.',
];

/** Word overlap stands in for the embedding model here: a sentence is supported by the passage it restates. */
const byWords: SupportScorer = async (sentences, texts) =>
  sentences.map((sentence) => texts.map((text) => (stemRecall(sentence, text) >= 0.5 ? SUPPORT_MIN + 0.05 : SUPPORT_MIN - 0.1)));

describe('attributing an explanation sentence by sentence', () => {
  it('keeps supported sentences with their passage markers and gives an unmarked one its best passage', async () => {
    const result = await attributeSentences(
      'Dropout slår av tilfeldige nevroner under trening. [1] Læringsraten bestemmer hvor store steg optimereren tar.',
      passages,
      byWords,
    );
    expect(result.text).toBe(
      'Dropout slår av tilfeldige nevroner under trening. [1] Læringsraten bestemmer hvor store steg optimereren tar. [2]',
    );
    expect(result.dropped).toEqual([]);
  });

  it('replaces a marker that points at a passage that does not support the sentence', async () => {
    const result = await attributeSentences('Læringsraten bestemmer hvor store steg optimereren tar. [1]', passages, byWords);
    expect(result.text).toBe('Læringsraten bestemmer hvor store steg optimereren tar. [2]');
  });

  it('drops what no passage supports, repeats, talk about the notes, other languages and unsupported terms', async () => {
    const result = await attributeSentences(
      [
        'Dropout slår av tilfeldige nevroner under trening. [1]',
        'Dropout slår av tilfeldige nevroner under trening. [1]',
        'Dropout ble oppfunnet av Geoffrey Hinton i 2012. [1]',
        'Notatene forklarer dropout i detalj. [1]',
        'Dropout slår tilfældige neuroner fra under træningen, så nettet ikke bliver afhængigt. [1]',
        'Underfitting er når dropout slår av tilfeldige nevroner under trening. [1]',
      ].join(' '),
      passages,
      byWords,
      { inLanguage: (sentence) => !/tilfældige/.test(sentence), unsupportedTerms: ['underfitting'] },
    );
    expect(result.text).toBe('Dropout slår av tilfeldige nevroner under trening. [1]');
    expect(result.dropped).toHaveLength(5);
  });

  it('keeps at most the given number of sentences', async () => {
    const extra = ['alfa beta gamma', 'delta epsilon zeta', 'eta theta iota', 'kappa lambda my', 'ny ksi omikron'];
    const text = extra.map((words) => `Læringsraten bestemmer steg ${words}.`).join(' ');
    const result = await attributeSentences(text, passages, byWords, { maxSentences: 3 });
    expect(result.text.match(/\[2\]/g)).toHaveLength(3);
  });

  it('says a thing once: a sentence another one already says is dropped, a fuller restatement replaces the shorter', async () => {
    const result = await attributeSentences(
      [
        'Dropout slår av tilfeldige nevroner. [1]',
        'Dropout slår av tilfeldige nevroner under trening, så nettverket ikke blir avhengig av enkelte nevroner. [1]',
        'Dropout slår av nevroner. [1]',
      ].join(' '),
      passages,
      byWords,
    );
    expect(result.text).toBe(
      'Dropout slår av tilfeldige nevroner under trening, så nettverket ikke blir avhengig av enkelte nevroner. [1]',
    );
  });

  it("leaves out the model's code, labels, sentences that introduce what is left out, and the question repeated", async () => {
    const result = await attributeSentences(
      [
        'Slår dropout av tilfeldige nevroner under trening?',
        'Forklaring: Dropout slår av tilfeldige nevroner under trening. [1]',
        'Slik bruker du dropout i kode:',
        '```python\nmodel.add(Dropout(0.5))  # [2]\n```',
        'Læringsraten bestemmer hvor store steg optimereren tar. [2]',
      ].join('\n'),
      passages,
      byWords,
      { question: 'Slår dropout av tilfeldige nevroner under trening?' },
    );
    expect(result.text).toBe(
      'Dropout slår av tilfeldige nevroner under trening. [1] Læringsraten bestemmer hvor store steg optimereren tar. [2]',
    );
  });

  it('reads "t.ex." and "f.eks." as abbreviations, drops headings and fragments, and strips copied numbering', async () => {
    const result = await attributeSentences(
      [
        'One-hot Encoding.',
        '37. Dropout slår av tilfeldige nevroner under trening, f.eks. halvparten av dem. [1]',
        'Læringsraten bestemmer hvor store steg optimereren tar. [2]',
      ].join(' '),
      passages,
      byWords,
    );
    expect(result.text).toBe(
      'Dropout slår av tilfeldige nevroner under trening, f.eks. halvparten av dem. [1] Læringsraten bestemmer hvor store steg optimereren tar. [2]',
    );
  });
});
