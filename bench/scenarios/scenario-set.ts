// The labelled scenario set: dozens of each injected problem and clean controls of the same
// sizes (sizes are drawn from the same ranges whatever the kind), written as event-log files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate, type ScenarioKind, type ScenarioTruth } from './simulate.js';

export const SCENARIO_COUNTS: Record<ScenarioKind, number> = {
  clean: 40,
  stragglers: 30,
  'slow-executor': 30,
  skew: 30,
  'executor-oom': 30,
  'heap-growth-safe': 25,
  'driver-oom-listing': 25,
  'driver-listing-safe': 25,
  'executor-oom-polled': 20,
  'heap-growth-safe-polled': 20,
};

export interface WrittenScenario {
  path: string;
  truth: ScenarioTruth;
}

/**
 * `firstSeed`: the set's seeds are firstSeed, firstSeed + 1, ... per kind. bench:accuracy develops
 * on seeds 1+ and 1001+ and holds out 5001+ (see bench/accuracy.ts).
 */
export function writeScenarioSet(dir: string, scale = 1, firstSeed = 1001): WrittenScenario[] {
  mkdirSync(dir, { recursive: true });
  const out: WrittenScenario[] = [];
  for (const [kind, count] of Object.entries(SCENARIO_COUNTS) as [ScenarioKind, number][]) {
    for (let seed = firstSeed; seed < firstSeed + Math.max(1, Math.round(count * scale)); seed++) {
      const s = simulate(kind, seed);
      const path = join(dir, s.appId);
      writeFileSync(path, s.lines.join('\n') + '\n');
      out.push({ path, truth: s.truth });
    }
  }
  return out;
}
