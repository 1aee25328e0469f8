// The Tuner panel's state: the engine's TunerState, kept current by 'tuner' events, and the
// panel's own inputs (bound slider, target, deadline) that survive switching views.
import type { TunerStartArgs, TunerState } from '../../engine/tuner/tuner-api.js';
import { api } from '../api-client.js';

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
    return {
      targetHeap: this.targetPct / 100,
      maxRuns: this.maxRuns,
      ...(this.deadlineMinutes ? { deadlineMinutes: this.deadlineMinutes } : {}),
      ...(this.specPath.trim() ? { specPath: this.specPath.trim() } : {}),
      ...(this.lake.trim() ? { lake: this.lake.trim() } : {}),
      ...(this.executorHeapMb ? { executorHeapMb: this.executorHeapMb } : {}),
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
