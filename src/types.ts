/** Types shared along the pipeline ingest → embed → index → retrieve → tutor → server. */
export type Lang = 'nb' | 'sv' | 'da' | 'en';
export type ChunkKind = 'qa' | 'glossary' | 'exam' | 'prose';

export interface McqOption {
  /** Letter as shown to students: A, B, C … */
  label: string;
  text: string;
  /** 1-based line of the option in its file. */
  line: number;
}

export interface Mcq {
  options: McqOption[];
  /** Labels of the options the notes mark as correct. */
  correct: string[];
}

export interface Chunk {
  /** Stable id: file + line range + piece number. */
  id: string;
  /** Path relative to the corpus folder, with forward slashes. */
  file: string;
  startLine: number;
  endLine: number;
  kind: ChunkKind;
  /** The question or term this chunk belongs to (empty for plain prose). */
  title: string;
  lang: Lang;
  /** Every language with a real share of the text, the main one first. */
  langs: Lang[];
  /** The exact source lines startLine..endLine joined with "\n". */
  text: string;
  /** For a Q&A or exam unit: the answer part of this chunk (reference answer). */
  answer?: string;
  /** First line of this chunk that belongs to the answer or definition. */
  answerStartLine?: number;
  mcq?: Mcq;
  /** Id shared by all pieces of one question/term (used to merge pieces back). */
  unitId: string;
  /** Index of this piece inside its unit (0-based) and how many pieces the unit has. */
  piece: number;
  pieces: number;
}
