import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HUB_MODEL_ID, PACKAGED_MODEL_ID, type TutorConfig } from '../config.js';

export interface ModelSource {
  id: string;
  /** Folder holding config.json, tokenizer.json and onnx/, when the model is on disk. */
  localDir: string | undefined;
  /** Identifies these exact weights: any change forces a full re-index. */
  fingerprint: string;
  /** e5 models expect "query: " / "passage: " before each text. */
  usesE5Prefixes: boolean;
}

function localDirFor(modelDir: string, id: string): string | undefined {
  const dir = path.join(modelDir, ...id.split('/'));
  return fs.existsSync(path.join(dir, 'config.json')) && fs.existsSync(path.join(dir, 'onnx')) ? dir : undefined;
}

function fingerprintOf(id: string, dir: string | undefined): string {
  if (!dir) return `${id}@hub`;
  const hash = crypto.createHash('sha256');
  for (const name of ['config.json', 'tokenizer.json', 'PROVENANCE.json']) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) hash.update(fs.readFileSync(file));
  }
  const onnxDir = path.join(dir, 'onnx');
  for (const name of fs.readdirSync(onnxDir).sort()) hash.update(`${name}:${fs.statSync(path.join(onnxDir, name)).size}`);
  return `${id}@${hash.digest('hex').slice(0, 16)}`;
}

/**
 * Which model to load: TUTOR_MODEL when set; otherwise the packaged offline model when
 * `npm run setup-models` has put it in TUTOR_MODEL_DIR, else the hub default (downloaded once
 * and cached by transformers.js).
 */
export function resolveModel(config: TutorConfig): ModelSource {
  const candidates = config.modelId ? [config.modelId] : [PACKAGED_MODEL_ID, HUB_MODEL_ID];
  for (const id of candidates) {
    const dir = localDirFor(config.modelDir, id);
    if (dir) return { id, localDir: dir, fingerprint: fingerprintOf(id, dir), usesE5Prefixes: /e5/i.test(id) };
  }
  const id = config.modelId ?? HUB_MODEL_ID;
  return { id, localDir: undefined, fingerprint: fingerprintOf(id, undefined), usesE5Prefixes: /e5/i.test(id) };
}
