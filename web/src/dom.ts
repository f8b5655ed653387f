import { t } from './i18n.js';

/** An element with a class and, when given, its text (always as text, never as HTML). */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A table of text and nodes; an empty one is a "nothing here" line. */
export function table(columns: string[], rows: Array<Array<string | Node>>): HTMLElement {
  if (rows.length === 0) return element('p', 'muted', t('nothingHere'));
  const wrap = element('div', 'table-wrap');
  const grid = element('table');
  const head = element('tr');
  for (const column of columns) head.append(element('th', '', column));
  grid.append(element('thead'), element('tbody'));
  grid.tHead!.append(head);
  for (const row of rows) {
    const tr = element('tr');
    for (const cell of row) {
      const td = element('td');
      td.append(cell);
      tr.append(td);
    }
    grid.tBodies[0]!.append(tr);
  }
  wrap.append(grid);
  return wrap;
}
