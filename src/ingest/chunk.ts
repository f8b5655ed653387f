import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { Chunk } from '../types.js';
import { detectLanguages, withinFile } from '../text/language.js';
import { Lines, splitLines } from '../text/lines.js';
import { parseUnits, type Unit } from './structure.js';

/** Units longer than this are split; e5 reads 512 tokens, and short pieces cite precisely. */
export const MAX_CHUNK_CHARS = 900;

const splitter = new RecursiveCharacterTextSplitter({
  chunkSize: MAX_CHUNK_CHARS,
  chunkOverlap: 0,
  separators: ['\n\n', '\n', '. ', ' ', ''],
});

interface LineRange {
  startLine: number;
  endLine: number;
}

const SUB_ITEM = /^\s+\d{1,3}\.\s+\S/;
const SUB_HEADING = /^\s+-\s+\S/;

/**
 * A glossary entry's indented numbered sub-list ("- Typer" → "3. Dropout: …") holds definitions of
 * their own: each sub-item becomes a piece, the entry's own definition and sub-headings another.
 */
function glossarySubItems(lines: Lines, unit: Unit): LineRange[] | undefined {
  const items: number[] = [];
  for (let line = unit.startLine + 1; line <= unit.endLine; line++) if (SUB_ITEM.test(lines.at(line))) items.push(line);
  if (items.length < 2) return undefined;
  // A sub-heading such as "- Typer" or "- Løsninger" introduces the item after it.
  const starts = items.map((item, i) => {
    let start = item;
    const floor = i === 0 ? unit.startLine + 1 : items[i - 1]! + 1;
    while (start - 1 >= floor && (SUB_HEADING.test(lines.at(start - 1)) || lines.isBlank(start - 1))) start--;
    while (lines.isBlank(start)) start++;
    return start;
  });
  const ranges: LineRange[] = [{ startLine: unit.startLine, endLine: lines.lastContent(unit.startLine, starts[0]! - 1) }];
  starts.forEach((start, i) => {
    ranges.push({ startLine: start, endLine: lines.lastContent(start, (starts[i + 1] ?? unit.endLine + 1) - 1) });
  });
  return ranges;
}

/** Line ranges of the pieces of a long unit, from the splitter's own line bookkeeping. */
async function splitRanges(lines: Lines, unit: Unit): Promise<LineRange[]> {
  if (unit.kind === 'glossary') {
    const items = glossarySubItems(lines, unit);
    if (items) return items;
  }
  const text = lines.slice(unit.startLine, unit.endLine).join('\n');
  if (text.length <= MAX_CHUNK_CHARS || unit.mcq) return [{ startLine: unit.startLine, endLine: unit.endLine }];
  const docs = await splitter.createDocuments([text]);
  const ranges: LineRange[] = [];
  for (const doc of docs) {
    const loc = (doc.metadata as { loc?: { lines?: { from: number; to: number } } }).loc?.lines;
    if (!loc) continue;
    let startLine = unit.startLine + loc.from - 1;
    let endLine = unit.startLine + loc.to - 1;
    while (startLine < endLine && lines.isBlank(startLine)) startLine++;
    endLine = Math.max(startLine, lines.lastContent(startLine, endLine));
    const previous = ranges[ranges.length - 1];
    // A single very long line can come back as several pieces: keep it as one citation.
    if (previous && startLine <= previous.endLine) previous.endLine = Math.max(previous.endLine, endLine);
    else ranges.push({ startLine, endLine });
  }
  return ranges.length > 0 ? ranges : [{ startLine: unit.startLine, endLine: unit.endLine }];
}

function answerOf(lines: Lines, unit: Unit, range: LineRange): string | undefined {
  if (unit.answerStartLine === undefined) return undefined;
  const from = Math.max(unit.answerStartLine, range.startLine);
  if (from > range.endLine) return undefined;
  let text = lines.slice(from, range.endLine).join('\n');
  if (unit.kind === 'qa' && from === unit.answerStartLine) text = text.replace(/^\s*A\s*:/, '');
  if (unit.kind === 'glossary' && from === unit.startLine) text = text.replace(/^\d{1,3}\.\s+[^:]{1,80}:\s*/, '');
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

export async function chunkText(file: string, content: string): Promise<Chunk[]> {
  const lines = new Lines(splitLines(content));
  const chunks: Chunk[] = [];
  const fileLangs = detectLanguages(content);
  for (const unit of parseUnits(lines)) {
    const unitId = `${file}#${unit.startLine}`;
    const ranges = await splitRanges(lines, unit);
    ranges.forEach((range, piece) => {
      const text = lines.slice(range.startLine, range.endLine).join('\n');
      const langs = withinFile(detectLanguages(`${unit.title}\n${text}`), fileLangs);
      const answer = answerOf(lines, unit, range);
      const answerStartLine = unit.answerStartLine === undefined ? undefined : Math.max(unit.answerStartLine, range.startLine);
      chunks.push({
        id: `${file}:${range.startLine}-${range.endLine}`,
        file,
        startLine: range.startLine,
        endLine: range.endLine,
        kind: unit.kind,
        title: unit.title,
        lang: langs[0] ?? 'en',
        langs,
        text,
        ...(answer !== undefined ? { answer } : {}),
        ...(answer !== undefined && answerStartLine !== undefined ? { answerStartLine } : {}),
        ...(unit.mcq ? { mcq: unit.mcq } : {}),
        unitId,
        piece,
        pieces: ranges.length,
      });
    });
  }
  return chunks;
}
