// The `skewscope run` progress display on a TTY: stages, tasks, files, rows and each executor's
// heap, redrawn in place from the run's live Spark events.
import type { SparkEvent } from '../runtime/spark-events.js';

interface HeapState {
  used: number;
  limit: number;
  lost: boolean;
}

export class RunProgress {
  private stagesTotal = 0;
  private stagesDone = 0;
  private tasksTotal = 0;
  private tasksDone = 0;
  private tasksFailed = 0;
  private rows = 0;
  private readonly heaps = new Map<string, HeapState>();
  private drawnLines = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly limits: { driver: number; executor: number },
    private readonly files: () => number,
  ) {
    this.timer = setInterval(() => this.draw(), 200);
  }

  accept(e: SparkEvent): void {
    switch (e.Event) {
      case 'SparkListenerJobStart': {
        const stages = e['Stage Infos'] as { 'Number of Tasks': number }[];
        this.stagesTotal = stages.length;
        this.tasksTotal = stages.reduce((s, x) => s + x['Number of Tasks'], 0);
        break;
      }
      case 'SparkListenerStageCompleted':
        this.stagesDone++;
        break;
      case 'SparkListenerTaskEnd': {
        const reason = (e['Task End Reason'] as { Reason: string }).Reason;
        if (reason === 'Success') {
          this.tasksDone++;
          const m = e['Task Metrics'] as { 'Input Metrics': { 'Records Read': number } } | undefined;
          this.rows += m?.['Input Metrics']['Records Read'] ?? 0;
        } else this.tasksFailed++;
        break;
      }
      case 'SparkListenerExecutorMetricsUpdate': {
        const id = e['Executor ID'] as string;
        const used = (e['Executor Metrics Updated'] as { 'Executor Metrics': { JVMHeapMemory: number } }[])[0]['Executor Metrics'].JVMHeapMemory;
        this.heaps.set(id, { used, limit: id === 'driver' ? this.limits.driver : this.limits.executor, lost: false });
        break;
      }
      case 'SparkListenerExecutorRemoved': {
        const h = this.heaps.get(e['Executor ID'] as string);
        if (h) h.lost = true;
        break;
      }
    }
  }

  private draw(): void {
    const failed = this.tasksFailed ? `, ${this.tasksFailed} failed` : '';
    const line1 =
      `stages ${this.stagesDone}/${this.stagesTotal} · tasks ${this.tasksDone}/${this.tasksTotal}${failed} · ` +
      `files ${this.files().toLocaleString('en-US')} · rows ${this.rows.toLocaleString('en-US')}`;
    const heaps = [...this.heaps.entries()].map(([id, h]) => {
      const frac = h.limit ? Math.min(1, h.used / h.limit) : 0;
      const bar = '█'.repeat(Math.round(frac * 10)).padEnd(10, '░');
      return `${id === 'driver' ? 'driver' : `exec ${id}`} ${bar} ${Math.round(frac * 100)}%${h.lost ? ' LOST' : ''}`;
    });
    const lines = [line1, `heap  ${heaps.join('  ')}`];
    let text = '';
    if (this.drawnLines > 0) text += `\x1b[${this.drawnLines}A`;
    for (const l of lines) text += `\x1b[2K${l.slice(0, (this.out.columns || 120) - 1)}\n`;
    this.out.write(text);
    this.drawnLines = lines.length;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.draw();
  }
}
