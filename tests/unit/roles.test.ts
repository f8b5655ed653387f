import { describe, expect, it } from 'vitest';
import { clausesByRole, exchanged, namedPair } from '../../src/tutor/grading/signals/roles.js';

const NOTES = 'Tensorflow står för själva uträkningarna, Keras är ett high level API som gör det enklare att använda Tensorflow.';

describe('two things a question names side by side', () => {
  it('finds the pair when every text writes both, and the words that tell "X transforms og Y transforms" apart', () => {
    expect(namedPair('Hur är Tensorflow och Keras relaterat?', NOTES)).toEqual(['Tensorflow', 'Keras']);
    expect(namedPair('Forklar forskjellen mellom item transforms og batch transforms', 'Item transforms … batch transforms …')).toEqual([
      'item',
      'batch',
    ]);
    expect(namedPair('How are TensorFlow and PyTorch related?', NOTES)).toBeUndefined();
    // Quoted, and written in another form by the notes ("Items transforms").
    const notes = '"Items transforms" anvendes på individuelle dataelementer, mens "batch transforms" anvendes på flere på en gang.';
    const pair = namedPair('Fastai bruker "item transforms" og "batch transforms". Forklar forskjellen', notes);
    expect(pair).toEqual(['item', 'batch']);
    expect(clausesByRole(notes, pair!)).toEqual({
      a: ['"… transforms" anvendes på individuelle dataelementer'],
      b: ['"… transforms" anvendes på flere på en gang'],
    });
    // Two verbs are not two things.
    expect(namedPair('Hvorfor er det vanskelig å forstå og tolke en modell?', 'å forstå … å tolke')).toBeUndefined();
    // A list of three is not a pair.
    expect(namedPair('Hur är AI, maskininlärning och deep learning relaterade?', 'AI maskininlärning deep learning')).toBeUndefined();
  });

  it('gives each clause to the one it names first, with both names hidden', () => {
    expect(clausesByRole(NOTES, ['Tensorflow', 'Keras'])).toEqual({
      a: ['… står för själva uträkningarna'],
      b: ['… är ett high level API som gör det enklare att använda …'],
    });
    // One clause naming both says the same either way round: it goes to the first named.
    expect(clausesByRole('Keras is an API on top of TensorFlow.', ['TensorFlow', 'Keras'])).toEqual({
      a: [],
      b: ['… is an API on top of …'],
    });
  });

  it('exchanges the two names, keeping how each was capitalised', () => {
    expect(exchanged(NOTES, ['Tensorflow', 'Keras'])).toBe(
      'Keras står för själva uträkningarna, Tensorflow är ett high level API som gör det enklare att använda Keras.',
    );
    expect(exchanged('item transforms før batch transforms', ['item', 'batch'])).toBe('batch transforms før item transforms');
  });
});
