import { LANGUAGE_NAMES } from '../../text/languages.js';
import { MARKDOWN_HEADING } from '../../text/markdown.js';
import type { Chunk, ChunkKind, Lang } from '../../types.js';
import { LANGUAGE_SHARE } from '../../tuning.js';

const KIND_NAMES: Record<ChunkKind, string> = {
  qa: 'Exam questions and answers',
  glossary: 'Glossary',
  exam: 'Exam answers',
  prose: 'Notes',
};

/** The first headings at the top of a file ("Deep Learning — Kunskapskontroll 2: Teoretiska frågor"). */
function headingTitle(firstLines: string[]): string | undefined {
  const headings: string[] = [];
  for (const line of firstLines.filter((l) => l.trim()).slice(0, 2)) {
    const match = MARKDOWN_HEADING.exec(line);
    if (!match?.[1]?.trim()) break;
    headings.push(
      match[1]!
        .replace(/\s#+\s*$/, '')
        .replace(/\*\*|__/g, '')
        .trim(),
    );
  }
  return headings.length ? headings.join(' — ') : undefined;
}

/** What a file is, from its chunks: "Glossary (Norwegian)", "Exam answers (English and Swedish)". */
function describedTitle(chunks: Chunk[]): string {
  const kinds = new Map<ChunkKind, number>();
  const langs = new Map<Lang, number>();
  for (const chunk of chunks) {
    kinds.set(chunk.kind, (kinds.get(chunk.kind) ?? 0) + 1);
    langs.set(chunk.lang, (langs.get(chunk.lang) ?? 0) + 1);
  }
  const kind = [...kinds].sort((a, b) => b[1] - a[1])[0]![0];
  const shown = [...langs]
    .filter(([, n]) => n / chunks.length >= LANGUAGE_SHARE.title)
    .sort((a, b) => b[1] - a[1])
    .map(([lang]) => LANGUAGE_NAMES.en[lang]);
  return `${KIND_NAMES[kind]} (${shown.join(' and ')})`;
}

/**
 * A readable name for every course file: its first heading(s), else what it is and in which
 * languages. Files that would share a name are numbered. The exact file stays in each citation.
 */
export function sourceNames(chunks: readonly Chunk[]): Map<string, string> {
  const byFile = new Map<string, Chunk[]>();
  for (const chunk of chunks) byFile.set(chunk.file, [...(byFile.get(chunk.file) ?? []), chunk]);
  const names = new Map<string, string>();
  const used = new Map<string, number>();
  for (const [file, fileChunks] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    const first = [...fileChunks].sort((a, b) => a.startLine - b.startLine)[0]!;
    const base = (first.startLine <= 3 ? headingTitle(first.text.split('\n')) : undefined) ?? describedTitle(fileChunks);
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    names.set(file, count === 1 ? base : `${base} (${count})`);
  }
  return names;
}

/** Languages the notes are written in, by share of their text, the largest first (a stray misread chunk, under 2%, left out). */
export function courseLanguages(chunks: readonly Chunk[]): Lang[] {
  const length = new Map<Lang, number>();
  let total = 0;
  for (const chunk of chunks) {
    length.set(chunk.lang, (length.get(chunk.lang) ?? 0) + chunk.text.length);
    total += chunk.text.length;
  }
  return [...length]
    .filter(([, n]) => n / total >= LANGUAGE_SHARE.course)
    .sort((a, b) => b[1] - a[1])
    .map(([lang]) => lang);
}
