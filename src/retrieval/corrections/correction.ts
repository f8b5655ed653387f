import { splitLines } from '../../text/lines.js';

/** A teacher's correction of a passage of the notes: lines `startLine..endLine` of `file` are wrong; `text` is right. */
export interface Correction {
  id: string;
  file: string;
  /** 1-based, inclusive, as the lines were when the teacher marked them. */
  startLine: number;
  endLine: number;
  /** The correct statement, in the teacher's words. */
  text: string;
  /** The marked lines as they read then: how the passage is found again when the file changes. */
  original: string;
  teacher: string;
  at: Date;
}

/** Where a correction applies now: its lines, moved when lines were added or removed above it. */
export interface PlacedCorrection extends Correction {
  /** The lines it covers in the file as it is now. */
  placedStart: number;
  placedEnd: number;
  /** The passage is no longer at the lines the teacher marked (found elsewhere in the file). */
  moved: boolean;
}

export interface Placement {
  placed: PlacedCorrection[];
  /** The marked passage is gone from its file (rewritten, or the file removed): not applied until the teacher re-checks it. */
  stale: Correction[];
  /** A newer correction covers some of the same lines: the newer one applies. */
  superseded: Correction[];
}

const span = (lines: readonly string[], start: number, end: number) => lines.slice(start - 1, end).join('\n');

/**
 * Finds each correction's passage in the files as they are now: at its lines when they still read
 * the same, else where its exact text now stands (nearest the old place), else it is stale. Where
 * two overlap, the newer wins.
 */
export function placeCorrections(corrections: readonly Correction[], fileText: (file: string) => string | undefined): Placement {
  const placed: PlacedCorrection[] = [];
  const stale: Correction[] = [];
  const superseded: Correction[] = [];
  const newestFirst = [...corrections].sort((a, b) => b.at.getTime() - a.at.getTime());
  for (const correction of newestFirst) {
    const text = fileText(correction.file);
    const lines = text === undefined ? [] : splitLines(text);
    const height = correction.endLine - correction.startLine;
    let start: number | undefined;
    if (span(lines, correction.startLine, correction.endLine) === correction.original) start = correction.startLine;
    else {
      const candidates: number[] = [];
      for (let at = 1; at + height <= lines.length; at++) if (span(lines, at, at + height) === correction.original) candidates.push(at);
      start = candidates.sort((a, b) => Math.abs(a - correction.startLine) - Math.abs(b - correction.startLine))[0];
    }
    const end = start === undefined ? undefined : start + height;
    const overlaps =
      start !== undefined && placed.some((p) => p.file === correction.file && p.placedStart <= end! && start! <= p.placedEnd);
    if (start === undefined) stale.push(correction);
    else if (overlaps) superseded.push(correction);
    else placed.push({ ...correction, placedStart: start, placedEnd: end!, moved: start !== correction.startLine });
  }
  return { placed, stale, superseded };
}

/** What opens a line and gives it its place in the notes' structure: indentation, a list marker, "A:", a heading's hashes. */
const LINE_OPENING = /^\s*(?:[-*+]\s+|\d{1,3}[.)]\s+|[A-Za-z]{1,3}:\s+|#{1,6}\s+)?/;

/**
 * The file with each correction's lines replaced by its text and as many lines as before (so every
 * other line keeps its number and a citation still points at the lines the teacher marked): the
 * correction on the first line, after that line's opening ("A: ", "- "), and the rest left empty.
 */
export function patchedText(text: string, corrections: readonly PlacedCorrection[]): string {
  const lines = splitLines(text);
  for (const c of corrections) {
    const opening = LINE_OPENING.exec(lines[c.placedStart - 1] ?? '')?.[0] ?? '';
    const statement = c.text.replace(/\s*\n\s*/g, ' ').trim();
    const restated = opening.trim() !== '' && statement.startsWith(opening.trim());
    lines[c.placedStart - 1] = restated ? `${/^\s*/.exec(opening)?.[0] ?? ''}${statement}` : `${opening}${statement}`;
    for (let line = c.placedStart + 1; line <= c.placedEnd; line++) lines[line - 1] = '';
  }
  return `${lines.join('\n')}\n`;
}
