import { describe, expect, it } from 'vitest';
import { patchedText, placeCorrections, type Correction } from '../../src/retrieval/corrections/correction.js';

const FILE = ['# Notes', '', 'Q: What is a tensor rank?', 'A: The number of data types it holds.', '', 'Q: Next?', 'A: Yes.'].join('\n');

const correction = (over: Partial<Correction> = {}): Correction => ({
  id: 'c1',
  file: 'notes.md',
  startLine: 4,
  endLine: 4,
  text: 'The number of axes it has.',
  original: 'A: The number of data types it holds.',
  teacher: 'teacher',
  at: new Date('2026-01-01T00:00:00Z'),
  ...over,
});

describe('placing corrections', () => {
  it('applies at the marked lines while they read the same', () => {
    const { placed, stale } = placeCorrections([correction()], () => FILE);
    expect(stale).toEqual([]);
    expect(placed[0]).toMatchObject({ placedStart: 4, placedEnd: 4, moved: false });
  });

  it('follows the passage when lines are added above it, and is stale when it is rewritten or its file is gone', () => {
    const moved = placeCorrections([correction()], () => `Intro\nMore\n${FILE}`);
    expect(moved.placed[0]).toMatchObject({ placedStart: 6, placedEnd: 6, moved: true });
    const rewritten = placeCorrections([correction()], () => FILE.replace('data types', 'dimensions'));
    expect(rewritten.placed).toEqual([]);
    expect(rewritten.stale.map((c) => c.id)).toEqual(['c1']);
    expect(placeCorrections([correction()], () => undefined).stale).toHaveLength(1);
  });

  it('where two overlap, the newer applies and the older is superseded', () => {
    const older = correction({ id: 'old', startLine: 3, endLine: 4, original: FILE.split('\n').slice(2, 4).join('\n') });
    const newer = correction({ id: 'new', at: new Date('2026-02-01T00:00:00Z') });
    const { placed, superseded } = placeCorrections([older, newer], () => FILE);
    expect(placed.map((c) => c.id)).toEqual(['new']);
    expect(superseded.map((c) => c.id)).toEqual(['old']);
  });

  it('patches the file line for line: the correction after the line opening, the rest of the range empty', () => {
    const [placed] = placeCorrections([correction()], () => FILE).placed;
    const patched = patchedText(FILE, [placed!]).split('\n');
    expect(patched[3]).toBe('A: The number of axes it has.');
    expect(patched.length - 1).toBe(FILE.split('\n').length);
    const two = placeCorrections(
      [correction({ startLine: 3, endLine: 4, original: FILE.split('\n').slice(2, 4).join('\n'), text: 'Q: Rank?\nA: Axes.' })],
      () => FILE,
    );
    const lines = patchedText(FILE, two.placed).split('\n');
    expect(lines[2]).toBe('Q: Rank? A: Axes.');
    expect(lines[3]).toBe('');
    expect(lines[5]).toBe('Q: Next?');
  });
});
