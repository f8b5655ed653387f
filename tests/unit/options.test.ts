import { describe, expect, it } from 'vitest';
import { chosenOptions, judgeOptions } from '../../src/tutor/grading/mcq.js';
import type { McqOption } from '../../src/types.js';

const OPTIONS: McqOption[] = ['L1', 'Dropout', 'Øke antall lag i modellene', 'Weight decay'].map((text, i) => ({
  label: 'ABCD'[i]!,
  text,
  line: 10 + i,
}));
/** Letters and option texts are read without the model; meaning is only asked for the rest. */
const noMeaning = async (_part: string, options: string[]) => options.map(() => 0);

describe('multiple-choice answers', () => {
  it('reads letters with connectors in four languages', async () => {
    expect(await chosenOptions('A, B og D', OPTIONS, noMeaning)).toEqual(['A', 'B', 'D']);
    expect(await chosenOptions('a och c', OPTIONS, noMeaning)).toEqual(['A', 'C']);
    expect(await chosenOptions('B and D', OPTIONS, noMeaning)).toEqual(['B', 'D']);
    expect(await chosenOptions('(d)', OPTIONS, noMeaning)).toEqual(['D']);
  });

  it('reads option texts, whole or inside a sentence', async () => {
    expect(await chosenOptions('Dropout og weight decay', OPTIONS, noMeaning)).toEqual(['B', 'D']);
    expect(await chosenOptions('Jeg tror det er L1', OPTIONS, noMeaning)).toEqual(['A']);
    expect(await chosenOptions('ingen av dem', OPTIONS, noMeaning)).toEqual([]);
  });

  it('all right → correct, some right and none wrong → partial, any wrong → incorrect', () => {
    expect(judgeOptions(['A', 'B', 'D'], ['A', 'B', 'D'])).toMatchObject({ verdict: 'correct', score: 1 });
    expect(judgeOptions(['A', 'B'], ['A', 'B', 'D'])).toMatchObject({ verdict: 'partial', missed: ['D'] });
    expect(judgeOptions(['A', 'C'], ['A', 'B', 'D'])).toMatchObject({ verdict: 'incorrect', wrong: ['C'] });
    expect(judgeOptions([], ['A'])).toMatchObject({ verdict: 'incorrect' });
  });
});
