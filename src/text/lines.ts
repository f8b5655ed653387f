/** A file's lines, without the empty string after a final newline. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** 1-based view of a file's lines. */
export class Lines {
  constructor(private readonly all: readonly string[]) {}
  get count(): number {
    return this.all.length;
  }
  at(line: number): string {
    return this.all[line - 1] ?? '';
  }
  slice(start: number, end: number): string[] {
    return this.all.slice(start - 1, end);
  }
  isBlank(line: number): boolean {
    return this.at(line).trim() === '';
  }
  /** Last non-blank line in [start, end], or start - 1 if all are blank. */
  lastContent(start: number, end: number): number {
    let line = end;
    while (line >= start && this.isBlank(line)) line--;
    return line;
  }
}
