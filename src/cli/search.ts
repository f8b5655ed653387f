import { SearchInput } from '../contracts/cli.js';
import type { SearchResult } from '../retrieval/search.js';
import type { Tutor } from '../tutor/tutor.js';
import { mapJsonLines } from './jsonl.js';

export function searchJson(id: string | number, result: SearchResult, grounded: boolean) {
  return {
    id,
    query: result.query,
    grounded,
    hits: result.hits.map(({ chunk, score }) => ({
      file: chunk.file,
      startLine: chunk.startLine,
      endLine: chunk.endLine,
      kind: chunk.kind,
      title: chunk.title,
      score: Number(score.toFixed(6)),
      text: chunk.text,
    })),
  };
}

/** `grounded` is the tutor's own judgement of coverage, made as `ask` makes it (the language model is loaded only for a question that needs its reading). */
export async function runSearch(tutor: Tutor, query: string | undefined, k: number, json: boolean): Promise<void> {
  if (query === undefined) {
    if (!json) throw new Error('tutor search needs a QUERY (or --json to read JSON Lines from stdin)');
    await mapJsonLines(SearchInput, async (input) => {
      const { result, covered } = await tutor.search(input.query, k);
      return searchJson(input.id, result, covered);
    });
    return;
  }
  const { result, covered: grounded } = await tutor.search(query, k);
  if (json) {
    process.stdout.write(JSON.stringify(searchJson('cli', result, grounded)) + '\n');
    return;
  }
  process.stdout.write(grounded ? '' : 'The course notes do not seem to cover this (closest passages below).\n\n');
  result.hits.forEach(({ chunk, score }, i) => {
    process.stdout.write(
      `${i + 1}. ${chunk.file}:${chunk.startLine}-${chunk.endLine} [${chunk.kind}, ${chunk.lang}] ${chunk.title}  (score ${score.toFixed(4)})\n`,
    );
    const preview = chunk.text.replace(/\s+/g, ' ').slice(0, 240);
    process.stdout.write(`   ${preview}${chunk.text.length > 240 ? '…' : ''}\n\n`);
  });
}
