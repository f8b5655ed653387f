/**
 * Code names a question writes: `code spans`, camelCase words, --long-flags and calls(). A question
 * that names one asks about the passages that write it ("Hva gjør passThroughOptions?" is about the
 * section on `.passThroughOptions()`, not the general section on options an answer may also fit).
 */
export function identifiersIn(text: string): string[] {
  const found = [
    ...[...text.matchAll(/`([^`\n]{2,40})`/g)].map((m) => m[1]!.replace(/\(\)$/, '').replace(/^\./, '')),
    ...(text.match(/\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g) ?? []),
    ...(text.match(/--[a-z][a-z0-9-]*[a-z0-9]/gi) ?? []),
    ...[...text.matchAll(/\b([A-Za-z_]\w+)\(\)/g)].map((m) => m[1]!),
  ];
  return [...new Set(found.map((name) => name.trim().toLowerCase()).filter((name) => name.length >= 2))];
}

/** The items whose text writes every code name the question does, when any item does; otherwise all of them. */
export function namingAll<T>(items: readonly T[], textOf: (item: T) => string, question: string): T[] {
  const names = identifiersIn(question);
  if (names.length === 0) return [...items];
  const naming = items.filter((item) => {
    const text = textOf(item).toLowerCase();
    return names.every((name) => text.includes(name));
  });
  return naming.length > 0 ? naming : [...items];
}
