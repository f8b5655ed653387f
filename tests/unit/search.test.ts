import { describe, expect, it } from 'vitest';
import { isTitleOnly } from '../../src/retrieval/search.js';
import type { Chunk } from '../../src/types.js';

const prose = (text: string, kind: Chunk['kind'] = 'prose') => ({ kind, text }) as Chunk;

describe('title-only blocks are not search results', () => {
  it('headings and a name are a title page; a sentence, a term or a Q/A is content', () => {
    expect(isTitleOnly(prose('## **Deep Learning**\n\n## Kunskapskontroll 2: Teoretiska frågor\n\n## Linus Rundberg Streuli'))).toBe(true);
    expect(isTitleOnly(prose('### 10:15 - Opgave 3'))).toBe(true);
    expect(isTitleOnly(prose('Linus Rundberg Streuli'))).toBe(true);
    expect(isTitleOnly(prose('## Dropout\nDropout slår av nevroner tilfeldig under trening.'))).toBe(false);
    expect(isTitleOnly(prose('Overfitting: the model memorises'))).toBe(false);
    expect(isTitleOnly(prose('## Backpropagation', 'glossary'))).toBe(false);
  });
});
