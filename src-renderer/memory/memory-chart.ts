// Chart.js setup for the Memory view: one line per heap series (LTTB-decimated), the limit and
// the 50 % safe line, OOM / lost markers, the replay time and the predicted-risk bands.
import {
  Chart,
  Decimation,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
  type Plugin,
} from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import type { MemoryMarker, MemorySeriesView, RiskView } from '../../engine/views/contract.js';
import { OKABE_ITO, SERIES_COLOURS } from '../palette.js';
import { bytes, offset } from '../format.js';

// The zoom plugin's types name an older Chart.js; the plugin object is the same at run time.
Chart.register(LineController, LineElement, PointElement, LinearScale, Decimation, Filler, Tooltip, zoomPlugin as unknown as Plugin);

export type Mode = 'bytes' | 'percent';

export interface Overlay {
  start: number;
  markers: MemoryMarker[];
  risk: RiskView[];
  asOf?: number;
  /** Horizontal lines in the current unit. */
  lines: { y: number; label: string; colour: string; dash: number[] }[];
}

/** The driver is orange; executors cycle through the other Okabe–Ito hues (vermillion stays for OOM). */
const EXECUTOR_COLOURS = SERIES_COLOURS.filter((c) => c !== OKABE_ITO.orange && c !== OKABE_ITO.vermillion);

export function seriesColour(s: MemorySeriesView, i: number): string {
  return s.executorId === 'driver' ? OKABE_ITO.orange : EXECUTOR_COLOURS[i % EXECUTOR_COLOURS.length];
}

/** {x, y} points in the chosen unit; Chart.js decimation needs pre-parsed, x-sorted data. */
export function toPoints(s: MemorySeriesView, mode: Mode): { x: number; y: number }[] {
  const out = new Array<{ x: number; y: number }>(s.t.length);
  const k = mode === 'percent' && s.limitBytes ? 100 / s.limitBytes : 1;
  for (let i = 0; i < s.t.length; i++) {
    const u = s.used[i];
    // Unknown samples arrive as null (JSON has no NaN); they stay gaps, never zero.
    out[i] = { x: s.t[i], y: Number.isFinite(u) && !(mode === 'percent' && !s.limitBytes) ? u * k : NaN };
  }
  return out;
}

// Kept beside the chart, not in its options: Chart.js resolves option objects through proxies.
const overlays = new WeakMap<Chart, Overlay>();

export function setOverlay(chart: Chart, overlay: Overlay): void {
  overlays.set(chart, overlay);
}

const overlayPlugin: Plugin<'line'> = {
  id: 'skewscopeOverlay',
  beforeDatasetsDraw(chart) {
    const o = overlays.get(chart as unknown as Chart);
    if (!o) return;
    const { ctx, chartArea: a, scales } = chart;
    const x = scales.x;
    ctx.save();
    ctx.beginPath();
    ctx.rect(a.left, a.top, a.right - a.left, a.bottom - a.top);
    ctx.clip();
    for (const r of o.risk) {
      // A band needs a start: the first moment the warning could have been given.
      if ((r.level !== 'high' && r.level !== 'medium') || r.since === undefined) continue;
      const from = x.getPixelForValue(r.since);
      const to = x.getPixelForValue(r.predictedLimitTime ?? x.max);
      ctx.fillStyle = r.level === 'high' ? 'rgba(213,94,0,0.13)' : 'rgba(230,159,0,0.10)';
      ctx.fillRect(Math.min(from, to), a.top, Math.abs(to - from) || 2, a.bottom - a.top);
      ctx.fillStyle = r.level === 'high' ? OKABE_ITO.vermillion : OKABE_ITO.orange;
      ctx.font = '11px system-ui, sans-serif';
      ctx.fillText(`predicted ${r.level} risk · ${r.executorId === 'driver' ? 'driver' : `exec ${r.executorId}`}`, Math.min(from, to) + 4, a.bottom - 6);
    }
    for (const l of o.lines) {
      const y = scales.y.getPixelForValue(l.y);
      if (y < a.top || y > a.bottom) continue;
      ctx.strokeStyle = l.colour;
      ctx.setLineDash(l.dash);
      ctx.lineWidth = 1.25;
      ctx.beginPath();
      ctx.moveTo(a.left, y);
      ctx.lineTo(a.right, y);
      ctx.stroke();
      ctx.fillStyle = l.colour;
      ctx.font = '11px system-ui, sans-serif';
      ctx.fillText(l.label, a.left + 6, y - 4);
    }
    ctx.restore();
  },
  afterDatasetsDraw(chart) {
    const o = overlays.get(chart as unknown as Chart);
    if (!o) return;
    const { ctx, chartArea: a, scales } = chart;
    const x = scales.x;
    ctx.save();
    ctx.beginPath();
    ctx.rect(a.left, a.top - 14, a.right - a.left, a.bottom - a.top + 14);
    ctx.clip();
    let lastLabelX = -Infinity;
    for (const m of o.markers) {
      if (m.kind === 'added') continue;
      const px = x.getPixelForValue(m.time);
      if (px < a.left || px > a.right) continue;
      ctx.strokeStyle = m.kind === 'oom' ? OKABE_ITO.vermillion : OKABE_ITO.reddishPurple;
      ctx.setLineDash(m.kind === 'oom' ? [] : [4, 3]);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(px, a.top);
      ctx.lineTo(px, a.bottom);
      ctx.stroke();
      if (px - lastLabelX > 70) {
        ctx.fillStyle = ctx.strokeStyle;
        ctx.font = 'bold 11px system-ui, sans-serif';
        ctx.fillText(m.kind === 'oom' ? `✕ OOM ${m.executorId}` : `✕ lost ${m.executorId}`, px + 3, a.top - 3);
        lastLabelX = px;
      }
    }
    if (o.asOf !== undefined) {
      const px = x.getPixelForValue(o.asOf);
      if (px >= a.left && px <= a.right) {
        ctx.strokeStyle = '#e8eef5';
        ctx.setLineDash([2, 3]);
        ctx.beginPath();
        ctx.moveTo(px, a.top);
        ctx.lineTo(px, a.bottom);
        ctx.stroke();
      }
    }
    ctx.restore();
  },
};
Chart.register(overlayPlugin);

export function createMemoryChart(canvas: HTMLCanvasElement, start: number, end: number, mode: Mode): Chart<'line', { x: number; y: number }[]> {
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      parsing: false,
      normalized: true,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: false, axis: 'x' },
      elements: { point: { radius: 0, hoverRadius: 3 }, line: { borderWidth: 1.25, tension: 0 } },
      layout: { padding: { top: 16 } },
      scales: {
        x: {
          type: 'linear',
          min: start,
          max: end,
          grid: { color: 'rgba(255,255,255,0.06)' },
          ticks: { color: '#9fb0c0', maxTicksLimit: 10, callback: (v) => offset(Number(v) - start) },
          title: { display: true, text: 'time since application start', color: '#9fb0c0' },
        },
        y: {
          type: 'linear',
          min: 0,
          grid: { color: 'rgba(255,255,255,0.06)' },
          ticks: { color: '#9fb0c0', callback: (v) => (mode === 'percent' ? `${v} %` : bytes(Number(v))) },
          title: { display: true, text: mode === 'percent' ? 'JVM heap, % of limit' : 'JVM heap used', color: '#9fb0c0' },
        },
      },
      plugins: {
        legend: { display: false },
        decimation: { enabled: true, algorithm: 'lttb', samples: 600, threshold: 800 },
        tooltip: {
          enabled: true,
          mode: 'nearest',
          intersect: false,
          callbacks: {
            title: (items) => (items[0] ? offset(items[0].parsed.x! - start) : ''),
            label: (item) => `${item.dataset.label}: ${mode === 'percent' ? `${(item.parsed.y ?? 0).toFixed(1)} %` : bytes(item.parsed.y ?? 0)}`,
          },
        },
        zoom: {
          limits: { x: { min: start, max: end, minRange: 50 } },
          pan: { enabled: true, mode: 'x' },
          zoom: { wheel: { enabled: true }, pinch: { enabled: true }, mode: 'x' },
        },
      },
    },
  });
}

export function datasetFor(s: MemorySeriesView, i: number, mode: Mode, points: { x: number; y: number }[], emphasis: 'normal' | 'focus' | 'dim'): ChartDataset<'line', { x: number; y: number }[]> {
  const colour = seriesColour(s, i);
  return {
    label: s.executorId === 'driver' ? 'driver' : `executor ${s.executorId}`,
    data: points,
    borderColor: emphasis === 'dim' ? colour + '40' : colour,
    borderWidth: emphasis === 'focus' ? 2.5 : s.executorId === 'driver' ? 1.75 : 1.25,
    stepped: s.kind === 'task-end-peak' || s.kind === 'stage-peak' ? 'before' : false,
    spanGaps: false,
    pointRadius: s.t.length < 40 ? 2 : 0,
    indexAxis: 'x',
  };
}
