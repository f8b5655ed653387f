import crypto from 'node:crypto';
import type { Chunk } from '../../types.js';

/** A short hash of the course as chunked (files, line ranges, text): what a calibration was fitted on. */
export function courseFingerprint(chunks: readonly Chunk[]): string {
  const hash = crypto.createHash('sha256');
  for (const chunk of [...chunks].sort((a, b) => a.file.localeCompare(b.file) || a.startLine - b.startLine)) {
    hash.update(`${chunk.file}\0${chunk.startLine}\0${chunk.endLine}\0${chunk.text}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}
