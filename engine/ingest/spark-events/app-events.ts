// Application-level events: log start, application start/end, environment, resource profiles.
import type { FoldState } from './fold-state.js';
import type { Json } from './event-fields.js';

export function onLogStart(s: FoldState, e: Json): void {
  s.app.sparkVersion = s.f.str(e, 'Spark Version') ?? s.app.sparkVersion;
}

export function onApplicationStart(s: FoldState, e: Json): void {
  const f = s.f;
  const a = s.app;
  a.id = f.str(e, 'App ID') ?? a.id;
  a.name = f.str(e, 'App Name') ?? a.name;
  a.attemptId = f.str(e, 'App Attempt ID') ?? a.attemptId;
  a.startTime = f.num(e, 'Timestamp') ?? a.startTime;
  a.sparkUser = f.str(e, 'User') ?? a.sparkUser;
  s.tick(a.startTime);
  const driverLogs = f.obj(e, 'Driver Logs');
  if (driverLogs) {
    const driver = s.executor('driver', a.startTime ?? s.clock);
    driver.executorLogs = f.strMap(e, 'Driver Logs');
  }
}

export function onApplicationEnd(s: FoldState, e: Json): void {
  const t = s.f.num(e, 'Timestamp');
  s.app.endTime = t ?? s.clock;
  s.tick(t);
}

export function onEnvironmentUpdate(s: FoldState, e: Json): void {
  const env = s.environment;
  // Spark writes these as objects; some writers used [key, value] pairs.
  env.sparkProperties = properties(s, e, 'Spark Properties');
  env.systemProperties = properties(s, e, 'System Properties');
  env.jvmInformation = properties(s, e, 'JVM Information');
  env.hadoopProperties = properties(s, e, 'Hadoop Properties');
}

function properties(s: FoldState, e: Json, key: string): Record<string, string> {
  const v = e[key];
  if (Array.isArray(v)) {
    const out: Record<string, string> = {};
    for (const pair of v) if (Array.isArray(pair) && pair.length === 2) out[String(pair[0])] = String(pair[1]);
    return out;
  }
  return s.f.strMap(e, key);
}

export function onResourceProfileAdded(s: FoldState, e: Json): void {
  const f = s.f;
  const id = f.num(e, 'Resource Profile Id');
  const cpus = f.obj(f.obj(e, 'Task Resource Requests') ?? {}, 'cpus');
  const amount = cpus ? f.num(cpus, 'Amount') : undefined;
  if (id !== undefined && amount !== undefined && amount > 0) s.taskCpus.set(id, amount);
}
