/**
 * The Chinese address, name, workplace, family and position recognizers on
 * real labelled text: CLUENER 2020 (Sina news sentences) and Peng & Dredze's
 * Weibo NER. Recall: gold spans of the mapped types that a detection of the
 * recognizer overlaps; precision: detections that overlap a gold span of
 * those types. The gold sets label entities, not disclosures, so low recall
 * of a cue-based recognizer (a name is only reported when stated as a real
 * name) is by design; precision says how often what it reports is one.
 * Position has no PII recognizer: the title-of-office pattern of
 * language/public-interest (OFFICIAL_TITLE_ZH) is what reads positions.
 */
import { join } from 'node:path';
import { OFFICIAL_TITLE_ZH } from '../../detectors/language/lexicon.js';
import { createPiiScanner } from '../../detectors/pii/index.js';
import type { Config } from '../../src/config/index.js';
import { readJsonl } from './corpora.js';
import { inSplit, splitOf, type SplitChoice } from './split.js';

interface NerRow {
  id: string;
  text: string;
  entities: { type: string; start: number; end: number }[] | null;
}

export interface NerScore {
  readonly corpus: string;
  readonly recognizer: string;
  readonly goldTypes: string[];
  readonly gold: number;
  readonly found: number;
  readonly detections: number;
  readonly correct: number;
  readonly recall: number;
  readonly precision: number;
}

const MAPS: Record<string, Record<string, string[]>> = {
  'zh_cluener2020.jsonl.gz': {
    address_zh: ['address'],
    real_name: ['name'],
    workplace: ['company', 'organization', 'government'],
    'position (office titles)': ['position'],
  },
  'zh_weibo_ner_peng2015.jsonl': {
    address_zh: ['LOC.NAM', 'GPE.NAM'],
    real_name: ['PER.NAM'],
    family: ['PER.NOM'],
    workplace: ['ORG.NAM'],
  },
};

const TITLES = new RegExp(OFFICIAL_TITLE_ZH.source, 'g');
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean =>
  a.start < b.end && b.start < a.end;

export function nerFigures(textDir: string, split: SplitChoice, config: Readonly<Config>, secret: string): NerScore[] {
  const scanner = createPiiScanner(config.pii, secret);
  const out: NerScore[] = [];
  for (const [file, map] of Object.entries(MAPS)) {
    const rows = readJsonl<NerRow>(join(textDir, file)).filter(
      (r) => r.entities !== null && inSplit(split, splitOf(file, r.id)),
    );
    const tally = Object.fromEntries(
      Object.keys(map).map((k) => [k, { gold: 0, found: 0, detections: 0, correct: 0 }]),
    );
    for (const row of rows) {
      const found = new Map<string, { start: number; end: number }[]>();
      for (const d of scanner.analyze(row.text))
        found.set(d.recognizer, [...(found.get(d.recognizer) ?? []), { start: d.originalStart, end: d.originalEnd }]);
      found.set(
        'position (office titles)',
        [...row.text.matchAll(TITLES)].map((m) => ({ start: m.index, end: m.index + m[0].length })),
      );
      for (const [rec, types] of Object.entries(map)) {
        const gold = row.entities!.filter((e) => types.includes(e.type));
        const det = found.get(rec) ?? [];
        const t = tally[rec]!;
        t.gold += gold.length;
        t.found += gold.filter((g) => det.some((d) => overlaps(d, g))).length;
        t.detections += det.length;
        t.correct += det.filter((d) => gold.some((g) => overlaps(d, g))).length;
      }
    }
    for (const [rec, t] of Object.entries(tally))
      out.push({
        corpus: `${file} (${rows.length} sentences)`,
        recognizer: rec,
        goldTypes: map[rec]!,
        ...t,
        recall: t.gold ? t.found / t.gold : NaN,
        precision: t.detections ? t.correct / t.detections : NaN,
      });
  }
  return out;
}
