import { describe, expect, it } from 'vitest';
import { keyPointSentences } from '../../src/tutor/knowledge/keypoints.js';
import type { Chunk } from '../../src/types.js';

const section = (text: string, kind: Chunk['kind'] = 'prose', answerStartLine?: number): Chunk => ({
  id: 'f.md:10-16#0',
  file: 'f.md',
  startLine: 10,
  endLine: 10 + text.split('\n').length - 1,
  kind,
  title: '',
  lang: 'en',
  langs: ['en'],
  text,
  ...(answerStartLine === undefined ? {} : { answerStartLine }),
  unitId: 'u1',
  piece: 0,
  pieces: 1,
});

describe('key points', () => {
  it('a section heading is a title and a link to an example says nothing: neither is a key point an answer is measured against', () => {
    const text =
      '### Action handler\n\nThe action handler gets a parameter for each argument.\n\nExample file: [thank.js](./examples/thank.js)\n\n```js\nprogram.action(() => {});\n```';
    const points = keyPointSentences([section(text)]);
    expect(points.map((p) => p.text)).toEqual(['The action handler gets a parameter for each argument.']);
    expect(points[0]).toMatchObject({ startLine: 12, endLine: 12, unitId: 'u1' });
  });

  it('a sentence that names its link is one', () => {
    const text = 'See [the guide](./guide.md) for how options are parsed before subcommands.';
    expect(keyPointSentences([section(text)])).toHaveLength(1);
  });

  it('a sub-heading inside an exam answer is left out, the lines under it kept', () => {
    const text = 'Q: How are AI and ML related?\nA: AI is the broadest field.\n#### **Hierarchical Relationship:**\nML is a part of AI.';
    const points = keyPointSentences([section(text, 'qa', 11)]);
    expect(points.map((p) => p.text)).toEqual(['AI is the broadest field.', 'ML is a part of AI.']);
  });

  it('a line that defines a term of its own is its own key point, not the tail of the list heading above it', () => {
    const text =
      '31. Metric: Et mål for ytelse.\n    2. Klassifisering\n        Presisjon og Recall\n            Presisjon: Forholdet mellom sanne positive og forutsagte positive.\n            Recall: Forholdet mellom sanne positive og faktiske positive.';
    const points = keyPointSentences([section(text, 'glossary', 10)]);
    expect(points.map((p) => p.text)).toEqual([
      'Et mål for ytelse.',
      'Klassifisering Presisjon og Recall',
      'Presisjon: Forholdet mellom sanne positive og forutsagte positive.',
      'Recall: Forholdet mellom sanne positive og faktiske positive.',
    ]);
    expect(points[2]).toMatchObject({ startLine: 13, endLine: 13 });
  });
});
