import { describe, expect, it } from 'vitest';
import { isFollowUp, standaloneQuestion, type Turn } from '../../src/tutor/scope/followup.js';

describe('follow-up questions', () => {
  it('tells questions that need the conversation from self-contained ones, in four languages', () => {
    for (const q of [
      'Kan du gi et eksempel?',
      'and why?',
      'Hvorfor?',
      'How does it work?',
      'hva med L2?',
      'Vad sägs om dropout?',
      'Give an example, please',
    ])
      expect(isFollowUp(q), q).toBe(true);
    for (const q of [
      'Hva er dropout?',
      'What is a gradient?',
      'How does dropout prevent overfitting?',
      'Hvem vant fotball-VM i 2018?',
      'Vad är överanpassning?',
    ])
      expect(isFollowUp(q), q).toBe(false);
  });

  it('reads a follow-up with the last question the notes covered, never with an off-topic one', () => {
    const history: Turn[] = [
      { role: 'student', text: 'Hva er data augmentering?', grounded: true, query: 'Hva er data augmentering?' },
      { role: 'tutor', text: '…' },
      { role: 'student', text: 'Hvem vant fotball-VM i 2018?', grounded: false, query: 'Hvem vant fotball-VM i 2018?' },
      { role: 'tutor', text: '…' },
    ];
    expect(standaloneQuestion('Kan du gi et eksempel?', history)).toBe('Hva er data augmentering? Kan du gi et eksempel?');
    expect(standaloneQuestion('Hva er dropout?', history)).toBe('Hva er dropout?');
    expect(standaloneQuestion('Kan du gi et eksempel?', [])).toBe('Kan du gi et eksempel?');
  });

  it('builds on the question a follow-up was understood as', () => {
    const history: Turn[] = [{ role: 'student', text: 'and why?', grounded: true, query: 'What is dropout? and why?' }];
    expect(standaloneQuestion('Kan du gi et eksempel?', history)).toBe('What is dropout? and why? Kan du gi et eksempel?');
  });
});
