import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkText } from '../src/ingest/chunk.js';
import type { Chunk } from '../src/types.js';
import { SEEDS, seedText } from './helpers/env.js';

const QA = '000_145cbdfc8695a050.txt';
const GLOSSARY = '001_277e09fd6dde2077.txt';
const EXAM_SV_EN = '002_d7daf46238b56a97.txt';
const EXAM_DA = '003_3481d4d7558ed6e1.txt';
const EXAM_SV = '004_f703909277ea8cfb.txt';

async function chunksOf(file: string): Promise<Chunk[]> {
  return chunkText(file, seedText(file));
}

function span(chunks: Chunk[], title: string): [number, number] {
  const pieces = chunks.filter((chunk) => chunk.title === title);
  expect(pieces.length, `no chunk titled ${title}`).toBeGreaterThan(0);
  return [Math.min(...pieces.map((c) => c.startLine)), Math.max(...pieces.map((c) => c.endLine))];
}

describe('chunk line ranges', () => {
  it('every chunk of every seed file quotes its exact lines', async () => {
    for (const file of fs.readdirSync(SEEDS)) {
      const lines = seedText(file).split(/\r?\n/);
      for (const chunk of await chunksOf(file)) {
        expect(chunk.file).toBe(file);
        expect(chunk.startLine).toBeGreaterThanOrEqual(1);
        expect(chunk.endLine).toBeLessThanOrEqual(lines.length);
        expect(chunk.text).toBe(lines.slice(chunk.startLine - 1, chunk.endLine).join('\n'));
        expect(lines[chunk.startLine - 1]?.trim()).not.toBe('');
        expect(lines[chunk.endLine - 1]?.trim()).not.toBe('');
      }
    }
  });

  it('Q/A file: each question with its answer, on the right lines', async () => {
    const chunks = await chunksOf(QA);
    expect(chunks.filter((c) => c.kind === 'qa' && c.piece === 0)).toHaveLength(25);
    expect(span(chunks, 'Hva er formålet med dyb læring?')).toEqual([1, 2]);
    expect(
      span(
        chunks,
        'Fastai introduserer "learning rate finder" som en teknikk for å velge læringsrate "learning rate" . Forklar hvordan teknikken fungerer og hvorfor den kan være nyttig for trening av dyplæringsmodeller',
      ),
    ).toEqual([46, 53]);
    expect(span(chunks, 'Hva er `RandomResizedCrop` i fastai?')).toEqual([161, 165]);
    const first = chunks.find((c) => c.startLine === 1);
    expect(first?.answer).toContain('hierarkiske');
    expect(first?.lang).toBe('nb');
  });

  it('glossary: numbered entries keep their indented sub-lists', async () => {
    const chunks = await chunksOf(GLOSSARY);
    expect(span(chunks, 'Deep Learning')).toEqual([1, 1]);
    expect(span(chunks, 'Regularization')).toEqual([19, 25]);
    expect(span(chunks, 'fine_tune() method in fastai')).toEqual([55, 65]);
    expect(span(chunks, 'feature')).toEqual([161, 161]);
    // Both entries numbered 32 are separate terms.
    expect(span(chunks, 'Generative AI')).toEqual([99, 99]);
    expect(span(chunks, 'Collaborative Filtering')).toEqual([101, 101]);
    expect(chunks.every((c) => c.kind === 'glossary')).toBe(true);
    // Long entries are split, and every piece carries its term.
    const regularization = chunks.filter((c) => c.title === 'Regularization');
    expect(regularization.length).toBeGreaterThan(1);
    expect(regularization.some((c) => c.startLine <= 23 && 23 <= c.endLine)).toBe(true);
  });

  it('the "## 8." trap: headings inside the code walk-through are not exam questions', async () => {
    const chunks = await chunksOf(EXAM_SV_EN);
    const questions = [...new Set(chunks.filter((c) => c.kind === 'exam').map((c) => c.title))];
    expect(questions).toHaveLength(12);
    expect(span(chunks, 'Förklara vad nedanstående kod gör:')).toEqual([54, 184]);
    const trap = chunks.find((c) => c.startLine <= 151 && 151 <= c.endLine);
    expect(trap?.title).toBe('Förklara vad nedanstående kod gör:');
    expect(questions).not.toContain('Implementing Early Stopping:');
    expect(span(chunks, '"Early stopping" är en regulariseringsteknik, vad är det för något?')).toEqual([217, 219]);
    expect(span(chunks, 'Förklara översiktligt hur ett "Convolutional Neural Network" fungerar.')).toEqual([225, 254]);
    expect(span(chunks, 'Vad gör nedanstående kod?')).toEqual([258, 272]);
    expect(span(chunks, 'Hur är AI, Maskininlärning och Deep Learning relaterat?')).toEqual([5, 15]);
  });

  it('Danish exam file: bulleted, hashed and plain numbering all count', async () => {
    const chunks = await chunksOf(EXAM_DA);
    const exam = chunks.filter((c) => c.kind === 'exam');
    expect(new Set(exam.map((c) => c.title)).size).toBe(17);
    expect(span(chunks, 'What is SGD?')).toEqual([49, 51]);
    expect(span(chunks, 'Are metrics generally calculated using the training set, or the validation set? Why?')).toEqual([44, 47]);
    expect(span(chunks, 'What is "loss"?')).toEqual([67, 68]);
    expect(
      span(chunks, 'Create a 3×3 tensor or array containing the numbers from 1 to 9. Double it. Select the bottom-right four numbers.'),
    ).toEqual([17, 38]);
    expect(exam.find((c) => c.title === 'What is SGD?')?.lang).toBe('da');
  });

  it('Swedish exam file: plain numbered questions, title lines as prose', async () => {
    const chunks = await chunksOf(EXAM_SV);
    expect(new Set(chunks.filter((c) => c.kind === 'exam').map((c) => c.title)).size).toBe(13);
    expect(span(chunks, 'Förklara vad nedanstående kod gör:')).toEqual([27, 62]);
    expect(span(chunks, '"Dropout" är en regulariseringsteknik, vad är det för något?')).toEqual([68, 70]);
    // The three title lines are headings only: one prose chunk.
    expect(chunks.filter((c) => c.kind === 'prose').map((c) => [c.startLine, c.endLine])).toEqual([[1, 5]]);
    expect(chunks.find((c) => c.startLine === 68)?.lang).toBe('sv');
  });

  it('unknown prose falls back to paragraphs with exact lines', async () => {
    const text = '# Notes\n\nFirst paragraph\nstill first.\n\n\nSecond paragraph.\n';
    const chunks = await chunkText('notes.md', text);
    // A heading alone opens the paragraph below it.
    expect(chunks.map((c) => [c.kind, c.startLine, c.endLine])).toEqual([
      ['prose', 1, 4],
      ['prose', 7, 7],
    ]);
    expect(chunks.map((c) => c.title)).toEqual(['Notes', 'Notes']);
  });

  it('a file with a single Q:/A: pair is read as a question with its answer', async () => {
    const chunks = await chunkText('one.md', '# Extra\n\nQ: What is a tensor?\nA: A multi-dimensional array.\n');
    const qa = chunks.find((c) => c.kind === 'qa');
    expect(qa).toMatchObject({ startLine: 3, endLine: 4, title: 'What is a tensor?', answerStartLine: 4 });
  });
});

describe('multiple-choice parsing', () => {
  it('reads options and the marked answer: single, list and sentence forms', async () => {
    const chunks = await chunksOf(QA);
    const byLine = (line: number) => chunks.find((c) => c.startLine === line)?.mcq;
    const loss = byLine(7);
    expect(loss?.options.map((o) => o.text)).toEqual(['MSE', 'Cross Entropy Loss', 'Kryssvalidering']);
    expect(loss?.options.map((o) => o.line)).toEqual([8, 9, 10]);
    expect(loss?.correct).toEqual(['B']);
    expect(byLine(13)?.correct).toEqual(['A', 'B', 'D']); // "L1, Dropout og Weight decay"
    expect(byLine(20)?.correct).toEqual(['A']); // the option repeated inside a sentence
    expect(byLine(116)?.correct).toEqual(['A']); // answer given as a bullet with a trailing period
    expect(byLine(125)?.options).toHaveLength(3);
    expect(chunks.filter((c) => c.mcq).length).toBe(8);
    expect(byLine(1)).toBeUndefined();
  });
});

describe('corpus folder', () => {
  it('the project keeps a verbatim copy of the course', () => {
    const shared = path.resolve(SEEDS, '..', '..', 'shared', 'seeds');
    expect(fs.existsSync(shared), `the course in ${shared}`).toBe(true);
    expect(fs.readdirSync(shared).length).toBeGreaterThan(0);
    for (const file of fs.readdirSync(shared)) {
      expect(fs.readFileSync(path.join(SEEDS, file))).toEqual(fs.readFileSync(path.join(shared, file)));
    }
  });
});
