import { FEATURE_NAMES, type FeatureName } from '../../tutor/grading/features.js';
import type { GradedVerdict } from '../../tutor/types.js';
import type { CalibrationCase } from './cases.js';
import type { OutOfFold } from './fit.js';
import { auc } from './metrics.js';

type Labelled = Pick<CalibrationCase, 'lang' | 'kind' | 'verdict'> & { features: Record<FeatureName, number> };

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const fixed = (value: number) => (Number.isNaN(value) ? '—' : value.toFixed(3));

/** The set by answer language and by how each case was made. */
export function sizeTable(cases: readonly Labelled[]): string {
  const langs = [...new Set(cases.map((c) => c.lang))].sort();
  const kinds = [...new Set(cases.map((c) => c.kind))].sort();
  const rows = kinds.map((kind) => [
    kind,
    cases.find((c) => c.kind === kind)?.verdict ?? '',
    ...langs.map((lang) => String(cases.filter((c) => c.kind === kind && c.lang === lang).length)),
    String(cases.filter((c) => c.kind === kind).length),
  ]);
  rows.push(['all', '', ...langs.map((lang) => String(cases.filter((c) => c.lang === lang).length)), String(cases.length)]);
  return table(['kind', 'verdict', ...langs, 'all'], rows);
}

/** Out-of-fold accuracy, false passes and the pass probability's AUC, per answer language. */
export function outOfFoldTable(cases: readonly Labelled[], oof: OutOfFold): string {
  const langs = [...new Set(cases.map((c) => c.lang))].sort();
  const row = (name: string, keep: (c: Labelled) => boolean) => {
    const at = cases.flatMap((c, i) => (keep(c) ? [i] : []));
    const right = at.filter((i) => oof.verdicts[i] === cases[i]!.verdict).length;
    const falsePasses = at.filter((i) => oof.verdicts[i] === 'correct' && cases[i]!.verdict === 'incorrect').length;
    const partialPassed = at.filter((i) => oof.verdicts[i] === 'correct' && cases[i]!.verdict === 'partial').length;
    const missed = at.filter((i) => cases[i]!.verdict === 'correct' && oof.verdicts[i] !== 'correct').length;
    const area = auc(
      at.map((i) => oof.pass[i]!),
      at.map((i) => (cases[i]!.verdict === 'correct' ? 1 : 0)),
    );
    return [
      name,
      String(at.length),
      fixed(right / Math.max(1, at.length)),
      String(falsePasses),
      String(partialPassed),
      String(missed),
      fixed(area),
    ];
  };
  return table(
    ['answers in', 'cases', 'accuracy', 'false passes (wrong → correct)', 'partial → correct', 'correct not passed', 'AUC (pass)'],
    [...langs.map((lang) => row(lang, (c) => c.lang === lang)), row('all', () => true)],
  );
}

/** Each signal alone: how well it ranks correct above not-correct answers, per answer language. */
export function signalTable(cases: readonly Labelled[]): string {
  const langs = [...new Set(cases.map((c) => c.lang))].sort();
  const label = (v: GradedVerdict): 0 | 1 => (v === 'correct' ? 1 : 0);
  const rows = FEATURE_NAMES.map((name) => [
    name,
    ...[...langs, 'all'].map((lang) => {
      const kept = cases.filter((c) => (lang === 'all' || c.lang === lang) && !Number.isNaN(c.features[name]));
      return fixed(
        auc(
          kept.map((c) => c.features[name]),
          kept.map((c) => label(c.verdict)),
        ),
      );
    }),
  ]);
  return table(['signal (AUC alone)', ...langs, 'all'], rows);
}
