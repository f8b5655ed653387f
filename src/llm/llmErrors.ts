import fs from 'node:fs';

/** Errors of the embedded language model, and the check that refuses a damaged model file before it is loaded. */

export class LocalLlmUnavailableError extends Error {}

/**
 * A GGUF file starts with "GGUF" and format version 2 or 3. node-llama-cpp reads a file with the
 * magic but a garbage header without end, so a damaged file is refused here, before it is loaded.
 */
export function checkGgufHeader(file: string): void {
  const header = Buffer.alloc(8);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, 8, 0);
  } finally {
    fs.closeSync(fd);
  }
  const version = header.readUInt32LE(4);
  if (header.toString('latin1', 0, 4) !== 'GGUF' || (version !== 2 && version !== 3))
    throw new LocalLlmUnavailableError(`${file} is not a GGUF model file (damaged?); run \`npm run setup-models\` again`);
}
/** A background reply was stopped because a student's request arrived; it is tried again later. */
export class BackgroundStoppedError extends Error {}

/** More documents are waiting for the model than it can read in reasonable time. */
export class LocalLlmBusyError extends Error {}
