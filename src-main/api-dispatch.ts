// The app API's argument schemas and dispatcher, shared by the IPC and HTTP transports: every call
// from the UI is checked here before it reaches the service.
import { z } from 'zod';
import type { AppApi, AppMethod } from '../engine/views/contract.js';
import { UserFacingError } from '../engine/views/app-service.js';
import { AWS_ARG_SCHEMAS } from '../engine/aws/aws-app-api.js';
import { TUNER_ARG_SCHEMAS } from '../engine/tuner/tuner-api.js';

const runId = z.string().min(1).max(500);
const asOf = z.number().finite().optional();
const none = z.union([z.undefined(), z.null(), z.object({}).strict()]);

export const ARG_SCHEMAS: Record<AppMethod, z.ZodType> = {
  capabilities: none,
  listRuns: none,
  recent: none,
  browse: z.object({ path: z.string().max(4096).optional() }).strict(),
  openPath: z.object({ path: z.string().min(1).max(4096) }).strict(),
  openDemo: none,
  startLiveReplay: z.object({ path: z.string().min(1).max(4096).optional(), speed: z.number().min(1).max(1000) }).strict(),
  closeRun: z.object({ runId }).strict(),
  overview: z.object({ runId, asOf }).strict(),
  memory: z.object({ runId, asOf, withSeries: z.boolean().optional() }).strict(),
  timeline: z.object({ runId }).strict(),
  executors: z.object({ runId, asOf }).strict(),
  stages: z.object({ runId, asOf }).strict(),
  stage: z.object({ runId, stageId: z.number().int().min(0), attemptId: z.number().int().min(0), asOf }).strict(),
  findings: z.object({ runId, asOf }).strict(),
  task: z.object({ runId, taskId: z.number().int().min(0) }).strict(),
  saveSession: z.object({ runId, path: z.string().min(1).max(4096).optional() }).strict(),
  ...AWS_ARG_SCHEMAS,
  ...TUNER_ARG_SCHEMAS,
};

export function isAppMethod(name: unknown): name is AppMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(ARG_SCHEMAS, name);
}

export type DispatchResult = { ok: true; value: unknown } | { ok: false; status: 400 | 404 | 500; message: string };

export async function dispatch(api: AppApi, method: unknown, args: unknown): Promise<DispatchResult> {
  if (!isAppMethod(method)) return { ok: false, status: 404, message: `Unknown API call: ${String(method)}` };
  const parsed = ARG_SCHEMAS[method].safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, status: 400, message: `Bad arguments for ${method}: ${issue?.path.join('.') || 'arguments'}: ${issue?.message}` };
  }
  try {
    const fn = api[method] as (a: unknown) => Promise<unknown>;
    return { ok: true, value: await fn.call(api, parsed.data ?? undefined) };
  } catch (err) {
    if (err instanceof UserFacingError) return { ok: false, status: 400, message: err.message };
    console.error(`skewscope: ${method} failed: ${(err as Error)?.message ?? err}`);
    return { ok: false, status: 500, message: `${method} failed: ${(err as Error)?.message ?? String(err)}` };
  }
}
