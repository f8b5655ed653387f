import { SearchInput } from '../contracts/cli.js';
import type { Retriever, SearchResult } from '../retrieval/search.js';
import { judgeCoverage } from '../tutor/scope/coverage.js';
import { CourseVocabulary } from '../tutor/knowledge/vocabulary.js';
import { mapJsonLines } from './jsonl.js';

/** `grounded` in search output: the tutor's coverage judgement by score and words (search loads no language model). */
function coverageOf(retriever: Retriever): (result: SearchResult) => Promise<boolean> {
  const vocabulary = new CourseVocabulary(retriever.chunks);
  return async (result) => (await judgeCoverage(result, { vocabulary, score: async () => null })).covered;
}

export function searchJson(id: string | number, result: SearchResult, grounded = result.grounded) {
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

export async function runSearch(retriever: Retriever, query: string | undefined, k: number, json: boolean): Promise<void> {
  const covered = coverageOf(retriever);
  if (query === undefined) {
    if (!json) throw new Error('tutor search needs a QUERY (or --json to read JSON Lines from stdin)');
    await mapJsonLines(SearchInput, async (input) => {
      const result = await retriever.search(input.query, { k });
      return searchJson(input.id, result, await covered(result));
    });
    return;
  }
  const result = await retriever.search(query, { k });
  const grounded = await covered(result);
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
