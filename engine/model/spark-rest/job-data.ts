// Spark REST v1 JobData. A job's tasks are those of the stage attempts it was running when they
// were submitted (StageAttempt.jobIds), as AppStatusListener attributes them.
import type { Job, JobRun, StageAttempt, Task } from '../job-run.js';
import { tasksOf } from './run-index.js';
import { countTasks, taskOutcome } from './task-outcome.js';
import { sparkDate } from './spark-time.js';

export function jobData(run: JobRun, job: Job) {
  const stages = run.stages.filter((s) => s.jobIds.includes(job.jobId));
  const tasks: Task[] = [];
  for (const s of stages) for (const t of tasksOf(run, s)) tasks.push(t);
  const counts = countTasks(tasks);
  const completedIndices = new Set<string>();
  for (const t of tasks) if (taskOutcome(t) === 'succeeded') completedIndices.add(`${t.stageId}.${t.index}`);
  const ids = (status: StageAttempt['status']) => new Set(stages.filter((s) => s.status === status).map((s) => s.stageId));
  const skipped = stages.filter((s) => s.status === 'SKIPPED');
  return {
    jobId: job.jobId,
    name: job.name,
    description: job.description,
    submissionTime: job.submissionTime !== undefined ? sparkDate(job.submissionTime) : undefined,
    completionTime: job.completionTime !== undefined ? sparkDate(job.completionTime) : undefined,
    stageIds: job.stageIds,
    jobGroup: job.jobGroup,
    jobTags: job.jobTags,
    status: job.status,
    numTasks: job.numTasks ?? stages.reduce((n, s) => n + s.numTasks, 0),
    numActiveTasks: counts.active,
    numCompletedTasks: counts.completed,
    numSkippedTasks: skipped.reduce((n, s) => n + s.numTasks, 0),
    numFailedTasks: counts.failed,
    numKilledTasks: counts.killed,
    numCompletedIndices: completedIndices.size,
    numActiveStages: stages.filter((s) => s.status === 'ACTIVE').length,
    numCompletedStages: ids('COMPLETE').size,
    numSkippedStages: ids('SKIPPED').size,
    numFailedStages: stages.filter((s) => s.status === 'FAILED').length,
    killedTasksSummary: counts.killedSummary,
  };
}
