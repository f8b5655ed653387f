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

  it('a table of contents, a row of badges and a link to an example file are navigation; a code block under a heading is content', () => {
    expect(isTitleOnly(prose('- [Commander.js](#commanderjs)\n  - [Installation](#installation)\n  - [Quick Start](#quick-start)'))).toBe(
      true,
    );
    expect(
      isTitleOnly(
        prose('# Commander.js\n\n[![Build Status](https://ci/badge.svg)](https://ci)\n[![NPM Version](https://img/v.svg)](https://npm)'),
      ),
    ).toBe(true);
    expect(isTitleOnly(prose('Example file: [split.js](./examples/split.js)'))).toBe(true);
    expect(isTitleOnly(prose('## Installation\n\n```sh\nnpm install commander\n```'))).toBe(false);
    expect(isTitleOnly(prose('See [the guide](./guide.md) for how options are parsed before subcommands.'))).toBe(false);
  });
});
