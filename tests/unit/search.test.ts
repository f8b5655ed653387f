import { describe, expect, it } from 'vitest';
import { isTitleOnly } from '../../src/retrieval/search.js';
import { leadBeforeCode } from '../../src/retrieval/leadFirst.js';
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

describe('a code block found in a section of prose', () => {
  const chunk = (id: string, startLine: number, text: string, kind: Chunk['kind'] = 'prose') =>
    ({ id, startLine, text, kind, file: 'options.md', title: 'Version option' }) as Chunk;
  const heading = chunk('lead', 210, '### Version option\n\nThe optional `version` method adds handling for displaying the version.');
  const example = chunk('link', 212, 'Example file: [pizza](./pizza.js)');
  const code = chunk('code', 214, "```js\nprogram.version('0.0.1');\n```");
  const more = chunk('more', 223, 'You may change the flags and description.');
  const section = () => [heading, example, code, more];
  const listed = (c: Chunk) => c !== example;
  const hit = (c: Chunk, score: number) => ({ chunk: c, score });
  const ids = (hits: Array<{ chunk: Chunk }>) => hits.map((h) => h.chunk.id);

  it("comes right after the section lead, which moves up or comes in with the code block's score", () => {
    const moved = leadBeforeCode([hit(code, 3), hit(more, 2), hit(heading, 1)], section, listed, (c, h) => ({ ...h, chunk: c }));
    expect(ids(moved)).toEqual(['lead', 'code', 'more']);
    expect(moved[0]!.score).toBe(1);
    const added = leadBeforeCode([hit(code, 3), hit(more, 2)], section, listed, (c, h) => ({ ...h, chunk: c }));
    expect(ids(added)).toEqual(['lead', 'code', 'more']);
    expect(added[0]!.score).toBe(3);
  });

  it('leaves prose, and code in an exam answer, as ranked', () => {
    const examCode = chunk('exam', 214, '```python\nlearn.fine_tune(3)\n```', 'exam');
    const asRanked = [hit(more, 3), hit(examCode, 2), hit(heading, 1)];
    expect(ids(leadBeforeCode(asRanked, section, listed, (c, h) => ({ ...h, chunk: c })))).toEqual(['more', 'exam', 'lead']);
  });
});
