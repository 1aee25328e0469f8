// Chart.js scatter for the Tuner panel: every trial as bound (log scale) against peak heap %,
// one marker shape per outcome, the target as a dashed line.
import { Chart, Legend, LinearScale, LogarithmicScale, PointElement, ScatterController, Tooltip, type ChartDataset, type Plugin } from 'chart.js';
import type { TunerRunView } from '../../engine/tuner/tuner-api.js';
import { OKABE_ITO } from '../palette.js';

Chart.register(ScatterController, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend);

export const OUTCOME_STYLE = {
  safe: { label: 'safe', colour: OKABE_ITO.bluishGreen, shape: 'circle' },
  over: { label: 'finished over target', colour: OKABE_ITO.orange, shape: 'triangle' },
  cancelled: { label: 'cancelled at risk', colour: OKABE_ITO.yellow, shape: 'crossRot' },
  oom: { label: 'OOM', colour: OKABE_ITO.vermillion, shape: 'rectRot' },
  failed: { label: 'failed', colour: OKABE_ITO.grey, shape: 'rect' },
} as const;

export type OutcomeKey = keyof typeof OUTCOME_STYLE;

export function outcomeKey(r: TunerRunView): OutcomeKey {
  if (r.outcome === 'safe') return r.overTarget ? 'over' : 'safe';
  if (r.outcome === 'cancelled-at-risk') return 'cancelled';
  return r.outcome;
}

function boundOf(r: TunerRunView, backlog: number | undefined): number | undefined {
  return r.boundedFiles ?? r.boundedSize ?? backlog;
}

function datasets(runs: TunerRunView[], backlog: number | undefined): ChartDataset<'scatter'>[] {
  return (Object.keys(OUTCOME_STYLE) as OutcomeKey[]).map((k) => ({
    label: OUTCOME_STYLE[k].label,
    data: runs
      .filter((r) => outcomeKey(r) === k && boundOf(r, backlog) !== undefined)
      .map((r) => ({ x: boundOf(r, backlog)!, y: Math.round(r.peakHeap * 1000) / 10, run: r })),
    pointStyle: OUTCOME_STYLE[k].shape,
    pointRadius: 7,
    pointHoverRadius: 9,
    borderWidth: 2,
    backgroundColor: OUTCOME_STYLE[k].colour,
    borderColor: OUTCOME_STYLE[k].colour,
  }));
}

function targetLine(getTarget: () => number): Plugin<'scatter'> {
  return {
    id: 'tunerTarget',
    afterDatasetsDraw(chart) {
      const y = chart.scales.y.getPixelForValue(getTarget() * 100);
      const { left, right } = chart.chartArea;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = OKABE_ITO.skyBlue;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(right, y);
      ctx.stroke();
      ctx.fillStyle = OKABE_ITO.skyBlue;
      ctx.fillText(`target ${Math.round(getTarget() * 100)} %`, left + 4, y - 4);
      ctx.restore();
    },
  };
}

export class RunHistoryChart {
  private readonly chart: Chart<'scatter'>;
  private target = 0.5;

  constructor(canvas: HTMLCanvasElement) {
    this.chart = new Chart(canvas, {
      type: 'scatter',
      data: { datasets: [] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { type: 'logarithmic', title: { display: true, text: 'bound (files)', color: '#9fb3c8' }, ticks: { color: '#9fb3c8' }, grid: { color: '#22323f' } },
          y: { min: 0, suggestedMax: 100, title: { display: true, text: 'peak heap % of limit', color: '#9fb3c8' }, ticks: { color: '#9fb3c8' }, grid: { color: '#22323f' } },
        },
        plugins: {
          legend: { labels: { usePointStyle: true, color: '#c9d6e2' } },
          tooltip: {
            callbacks: {
              label: (item) => {
                const r = (item.raw as { run: TunerRunView }).run;
                return `run ${r.index}: ${r.label} — ${OUTCOME_STYLE[outcomeKey(r)].label}, peak ${(r.peakHeap * 100).toFixed(1)} %${r.manual ? ' (by hand)' : ''}`;
              },
            },
          },
        },
      },
      plugins: [targetLine(() => this.target)],
    });
  }

  update(runs: TunerRunView[], target: number, backlog: number | undefined): void {
    this.target = target;
    this.chart.data.datasets = datasets(runs, backlog);
    this.chart.update();
  }

  destroy(): void {
    this.chart.destroy();
  }
}
