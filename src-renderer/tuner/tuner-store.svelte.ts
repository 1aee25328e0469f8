// The Tuner panel's state: the engine's TunerState, kept current by 'tuner' events, and the
// panel's own inputs (bound slider, target, deadline) that survive switching views.
import type { TunerGlueArgs, TunerStartArgs, TunerState } from '../../engine/tuner/tuner-api.js';
import { api } from '../api-client.js';

const GLUE_STORE = 'skewscope.tunerGlue';
const GLUE_DEFAULTS = {
  jobName: '',
  roleArn: '',
  scriptLocation: '',
  lake: '',
  workerType: 'G.1X',
  workers: 2,
  glueVersion: '4.0',
  eventLogsPath: '',
  pollSeconds: 30,
  profile: '',
  region: '',
  endpointUrl: '',
  dryRun: false,
};

/** The Glue fields last used in this browser (names and locations only, like "Open from AWS"). */
function savedGlue(): typeof GLUE_DEFAULTS {
  try {
    return { ...GLUE_DEFAULTS, ...(JSON.parse(localStorage.getItem(GLUE_STORE) ?? '{}') as Partial<typeof GLUE_DEFAULTS>) };
  } catch {
    return { ...GLUE_DEFAULTS };
  }
}

class TunerStore {
  state = $state<TunerState | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  bound = $state(100);
  targetPct = $state(50);
  maxRuns = $state(12);
  deadlineMinutes = $state<number | undefined>(undefined);
  /** Empty: the bundled demo job, on the demo lake in the app's folder. */
  specPath = $state('');
  lake = $state('');
  executorHeapMb = $state<number | undefined>(undefined);
  runner = $state<'local' | 'glue'>('local');
  /** The Glue runner's fields as typed; only the profile name is sent, never credentials. */
  glue = $state(savedGlue());
  private listening = false;

  /** Starts following the tuner (once) and loads its current state. */
  follow(): void {
    if (this.listening) return;
    this.listening = true;
    api.onEvent((e) => {
      if (e.type === 'tuner') this.state = e.state;
    });
    api.tunerState().then(
      (s) => (this.state = s),
      (err: Error) => (this.error = err.message),
    );
  }

  private args(): TunerStartArgs {
    if (this.runner === 'glue') {
      return {
        targetHeap: this.targetPct / 100,
        maxRuns: this.maxRuns,
        ...(this.deadlineMinutes ? { deadlineMinutes: this.deadlineMinutes } : {}),
        ...(this.specPath.trim() ? { specPath: this.specPath.trim() } : {}),
        glue: this.glueArgs(),
      };
    }
    return {
      targetHeap: this.targetPct / 100,
      maxRuns: this.maxRuns,
      ...(this.deadlineMinutes ? { deadlineMinutes: this.deadlineMinutes } : {}),
      ...(this.specPath.trim() ? { specPath: this.specPath.trim() } : {}),
      ...(this.lake.trim() ? { lake: this.lake.trim() } : {}),
      ...(this.executorHeapMb ? { executorHeapMb: this.executorHeapMb } : {}),
    };
  }

  /** Empty text fields are left out, so the engine's defaults apply and the dispatcher names what is missing. */
  private glueArgs(): TunerGlueArgs {
    const g = this.glue;
    localStorage.setItem(GLUE_STORE, JSON.stringify(g));
    const text = Object.fromEntries(
      (['jobName', 'roleArn', 'scriptLocation', 'lake', 'workerType', 'glueVersion', 'eventLogsPath', 'profile', 'region', 'endpointUrl'] as const)
        .map((k) => [k, g[k].trim()])
        .filter(([, v]) => v),
    );
    return {
      ...(text as Pick<TunerGlueArgs, 'roleArn' | 'scriptLocation' | 'lake'>),
      ...(Number.isFinite(g.workers) ? { workers: g.workers } : {}),
      ...(g.pollSeconds > 0 ? { pollSeconds: g.pollSeconds } : {}),
      dryRun: g.dryRun,
    };
  }

  autoTune(): void {
    this.call(api.tunerStart(this.args()));
  }

  runAtBound(): void {
    this.call(api.tunerTrial({ ...this.args(), boundedFiles: Math.max(1, Math.round(this.bound)) }));
  }

  cancel(): void {
    this.call(api.tunerCancel());
  }

  private call(p: Promise<TunerState>): void {
    this.error = undefined;
    p.then(
      (s) => (this.state = s),
      (err: Error) => (this.error = err.message),
    );
  }
}

export const tuner = new TunerStore();
