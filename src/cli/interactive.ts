import readline from 'node:readline/promises';
import type { Retriever } from '../retrieval/search.js';
import { runSearch } from './search.js';

/** A terminal prompt: each question shows the cited passages of the course notes that answer it. */
export async function runInteractive(retriever: Retriever): Promise<void> {
  const prompt = readline.createInterface({ input: process.stdin, output: process.stdout });
  process.stdout.write('Ask about the course (nb/sv/da/en). An empty line or Ctrl+D quits.\n');
  try {
    for (;;) {
      const question = (await prompt.question('\n> ').catch(() => '')).trim();
      if (!question) break;
      await runSearch(retriever, question, 5, false);
    }
  } finally {
    prompt.close();
  }
}
