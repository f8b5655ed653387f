import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackgroundCalibration } from '../src/app/calibrate/background.js';
import { openTutor, type OpenedTutor } from '../src/app/compose.js';
import { loadConfig, type TutorConfig } from '../src/config.js';
import { CLI, MODELS, cliEnv } from './helpers/env.js';

/** A small course of its own (not the seeds): no fit exists for it until one is made. */
const COURSE = `# Network basics

Q: What is a router?
A: A device that forwards packets between networks, choosing a path for each packet from its routing table.

Q: What is a switch?
A: A device that connects machines in one local network and forwards frames to the port where the destination address lives.

Q: Hva er en brannmur?
A: En brannmur filtrerer trafikk mellom nettverk etter regler, og slipper bare gjennom det reglene tillater.

Q: What does DNS do?
A: DNS translates domain names such as example.org into IP addresses that machines use to reach each other.

Q: Vad är latens?
A: Latens är tiden det tar för ett paket att gå från avsändaren till mottagaren.
`;

let dir: string;
let config: TutorConfig;
let opened: OpenedTutor;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-calibration-'));
  fs.mkdirSync(path.join(dir, 'corpus'));
  fs.writeFileSync(path.join(dir, 'corpus', 'network.md'), COURSE);
  config = loadConfig({
    TUTOR_MODEL_DIR: MODELS,
    TUTOR_CORPUS_DIR: path.join(dir, 'corpus'),
    TUTOR_INDEX_DIR: path.join(dir, 'index'),
    TUTOR_CALIBRATION_DIR: path.join(dir, 'calibration'),
    TUTOR_DEVICE: 'cpu',
    TUTOR_LLM_THREADS: '1',
    TUTOR_READ_WAIT_MS: '0',
  });
  opened = await openTutor(config);
});

afterAll(async () => {
  await opened?.localLlm.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('calibrating a course the grader was not fitted on', () => {
  it('is conservative at first, calibrates in the background with the model at low priority, then grades by the fit', async () => {
    const { course } = opened;
    expect(course.tutor.calibration).toMatchObject({ calibrated: false });
    const before = await course.tutor.grade({
      question: 'What is a router?',
      answer: 'It forwards packets between networks using its routing table.',
    });
    expect(before.signals?.by).toBe('rules');

    const background = new BackgroundCalibration(config, course);
    background.check();
    // A student's grade goes before the background's readings of the model.
    const meanwhile = await course.tutor.grade({ question: 'What does DNS do?', answer: 'It turns domain names into IP addresses.' });
    expect(['correct', 'partial']).toContain(meanwhile.verdict);
    await background.settled();

    expect(course.tutor.calibration).toMatchObject({ calibrated: true });
    const files = fs.readdirSync(path.join(dir, 'calibration'));
    expect(files.some((f) => /^grading-[0-9a-f]{16}\.json$/.test(f))).toBe(true);
    expect(files.some((f) => /^cases-[0-9a-f]{16}\.jsonl$/.test(f))).toBe(true);
    const after = await course.tutor.grade({
      question: 'What is a switch?',
      answer: 'A device that connects machines in one local network.',
    });
    expect(after.signals?.by).toBe('fitted');
    const swapped = await course.tutor.grade({
      question: 'Hva er en brannmur?',
      answer: 'Tiden det tar for et paket å gå fra avsender til mottaker.',
    });
    expect(swapped.verdict).not.toBe('correct');
  }, 600_000);

  it('`tutor calibrate --notes-only` prints the set by language and kind and the out-of-fold figures, reusing computed cases', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'calibrate', '--notes-only'], {
      env: cliEnv({ corpusDir: config.corpusDir, indexDir: config.indexDir }, { TUTOR_CALIBRATION_DIR: config.calibrationDir }),
      timeout: 300_000,
    });
    expect(stdout).toMatch(/Calibration set for course [0-9a-f]{16}: \d+ cases over \d+ questions/);
    expect(stdout).toMatch(/\| reference \| correct \|/);
    expect(stdout).toMatch(/\| swap \| incorrect \|/);
    expect(stdout).toMatch(/Out of fold .* with the language model's agreement/);
    expect(stdout).toMatch(/\| all \| \d+ \| [01]\.\d{3} \| 0 \|/);
  }, 300_000);
});
