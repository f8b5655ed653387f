import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTutor, type OpenedTutor } from '../src/app/compose.js';
import { loadConfig } from '../src/config.js';
import { MODELS, ROOT } from './helpers/env.js';

/** A second course written as prose (the Commander.js manual): no exam questions, no glossary. */
const COURSE = path.join(ROOT, 'tests', 'fixtures', 'prose-course');
let opened: OpenedTutor;
let indexDir: string;

beforeAll(async () => {
  indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-prose-'));
  opened = await openTutor(
    loadConfig({
      TUTOR_MODEL_DIR: MODELS,
      TUTOR_CORPUS_DIR: COURSE,
      TUTOR_INDEX_DIR: indexDir,
      TUTOR_DEVICE: 'cpu',
      TUTOR_LLM_THREADS: '1',
      TUTOR_READ_WAIT_MS: '0',
    }),
  );
});

afterAll(async () => {
  await opened?.localLlm.dispose();
  fs.rmSync(indexDir, { recursive: true, force: true });
});

describe('a course written as prose', () => {
  it('has no exam questions, and its sections are what answers are graded against', () => {
    expect(opened.tutor.bank).toHaveLength(0);
    expect(opened.tutor.knowledge.passages.length).toBeGreaterThan(20);
    expect(opened.tutor.knowledge.passages.map((p) => p.text)).toContain('Required option');
  });

  it('a question the manual answers in prose is graded against the section that answers it, with citations', async () => {
    const result = await opened.tutor.grade({
      question: 'How do I make an option mandatory?',
      answer: 'Declare it with .requiredOption(); after parsing it must have a value, from the command line or from a default.',
    });
    expect(result.verdict).not.toBe('unknown');
    expect(result.citations[0]).toMatchObject({ file: '02-options.md' });
    expect(result.reference).toContain('.requiredOption()');
  });

  it('a Norwegian question about the English manual is also looked up as the model read it in English', async () => {
    const question = 'Hvordan lager jeg underkommandoer?';
    // The passage that answers it: "You can specify (sub)commands using `.command()` or `.addCommand()`".
    const answering = '03-commands.md:1-3';
    const alone = await opened.tutor.knowledge.retriever.search(question, { k: 5 });
    expect(alone.hits.map((hit) => hit.chunk.id)).not.toContain(answering);
    const { result } = await opened.tutor.search(question, 5);
    expect(result.hits.map((hit) => hit.chunk.id)).toContain(answering);
  });

  it('an off-topic question is still unknown', async () => {
    const result = await opened.tutor.grade({ question: 'Hvordan baker man surdeigsbrød?', answer: 'Med surdeig og mel.' });
    expect(result.verdict).toBe('unknown');
  });
});
