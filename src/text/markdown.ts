/** A Markdown heading line ("## Title"); group 1 is its text. */
export const MARKDOWN_HEADING = /^\s{0,3}#{1,6}\s+(.*)$/;
/** The first or last line of a fenced code block. */
export const CODE_FENCE = /^\s*(```|~~~)/;

const IMAGE = /!\[[^\]]*\]\([^)]*\)/g;
const LINK = /\[[^\]]*\]\([^)]*\)/g;

/** The text with its links and images taken out (a badge is an image inside a link). */
export function withoutLinks(text: string): string {
  return text.replace(IMAGE, ' ').replace(LINK, ' ');
}

/**
 * "Example file: [hook.js](./examples/hook.js)", "- [Installation](#installation)", a row of
 * badges: a line that points to another page or section and says nothing itself.
 */
export function pointsElsewhere(text: string): boolean {
  const unlinked = withoutLinks(text);
  return unlinked !== text && unlinked.split(/\s+/).filter((word) => /\p{L}{2}/u.test(word)).length < 3;
}
