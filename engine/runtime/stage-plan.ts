// The job's stages from the spec's join tree, as Spark's DAG scheduler would cut them:
// one scan stage per source (ShuffleMapTask per file group), one stage per join (a task per
// shuffle partition), the last one writing the output (ResultTask).
import { join } from 'node:path';
import type { AwsOptions } from '../lake/s3-client.js';
import type { JobSpec, JoinNode } from './job-spec.js';
import type { PlannedSource } from './plan-types.js';
import type { RowsOut, ScanTask, JoinTask } from './task-types.js';

export interface StagePlan {
  stageId: number;
  name: string;
  details: string;
  parentIds: number[];
  numTasks: number;
  taskType: 'ShuffleMapTask' | 'ResultTask';
  /** Source name for scan stages. */
  source?: string;
  work(index: number): ScanTask | JoinTask;
}

export interface StageLayout {
  /** Shuffle map outputs go under here. */
  workDir: string;
  /** The run's staged output folder. */
  stagingDir: string;
  appId: string;
  aws: AwsOptions;
}

const part = (i: number): string => String(i).padStart(5, '0');

export function planStages(spec: JobSpec, sources: PlannedSource[], layout: StageLayout): StagePlan[] {
  const stages: StagePlan[] = [];
  const P = spec.shufflePartitions;
  const byName = new Map(sources.map((s) => [s.name, s]));
  const mapDirs = (stageId: number, n: number): string[] =>
    Array.from({ length: n }, (_, i) => join(layout.workDir, `shuffle-${stageId}`, `map-${part(i)}`));
  const outFor = (stageId: number, keys: string[] | undefined): ((i: number) => RowsOut) =>
    keys
      ? (i) => ({ kind: 'shuffle', dir: join(layout.workDir, `shuffle-${stageId}`, `map-${part(i)}`), keys, partitions: P })
      : (i) => ({ kind: 'write', file: join(layout.stagingDir, `part-${part(i)}-${layout.appId}.json`), dropFields: spec.drop_fields });

  /** Plans the subtree; returns its stage id and task count (map outputs for the parent). */
  const visit = (node: string | JoinNode, outKeys: string[] | undefined): { stageId: number; numTasks: number } => {
    if (typeof node === 'string') {
      const src = spec.sources[node];
      const planned = byName.get(node)!;
      const stageId = stages.length;
      const out = outFor(stageId, outKeys);
      stages.push({
        stageId,
        name: `scan ${node} (${src.format}) + ApplyMapping`,
        details: `read ${planned.files.length} files of ${src.path}${outKeys ? `, shuffle by ${outKeys.join(', ')}` : ''}`,
        parentIds: [],
        numTasks: planned.groups.length,
        taskType: outKeys ? 'ShuffleMapTask' : 'ResultTask',
        source: node,
        work: (i) => ({
          kind: 'scan',
          source: node,
          files: planned.groups[i].map((f) => ({ path: planned.files[f].path, size: planned.files[f].size })),
          format: src.format,
          header: src.header,
          mappings: src.mappings,
          errorFile: join(layout.stagingDir, '_errors', `${node}-${part(i)}.jsonl`),
          out: out(i),
          aws: layout.aws,
        }),
      });
      return { stageId, numTasks: planned.groups.length };
    }
    const left = visit(node.frame1, node.keys1);
    const right = visit(node.frame2, node.keys2);
    const stageId = stages.length;
    const out = outFor(stageId, outKeys);
    const build = { dirs: mapDirs(left.stageId, left.numTasks), keys: node.keys1 };
    const probe = { dirs: mapDirs(right.stageId, right.numTasks), keys: node.keys2 };
    const label = (n: string | JoinNode): string => (typeof n === 'string' ? n : `(${label(n.frame1)} ⋈ ${label(n.frame2)})`);
    stages.push({
      stageId,
      name: `join ${label(node)} on ${node.keys1.join(', ')} = ${node.keys2.join(', ')}`,
      details: `shuffled hash join of ${P} partitions${outKeys ? `, shuffle by ${outKeys.join(', ')}` : ', write JSON lines'}`,
      parentIds: [left.stageId, right.stageId],
      numTasks: P,
      taskType: outKeys ? 'ShuffleMapTask' : 'ResultTask',
      work: (i) => ({ kind: 'join', partition: i, build, probe, out: out(i) }),
    });
    return { stageId, numTasks: P };
  };

  visit(spec.join ?? Object.keys(spec.sources)[0], undefined);
  return stages;
}
