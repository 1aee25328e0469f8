// bench:ui — the UI on a big run, measured in Chromium through Playwright: first render of each
// view, timeline frame times while panning and zooming, scrubber latency, the memory view with
// 200 series. Baseline: the same measures on a small run in the same process; ratios are big/small.
// Run: npm run bench:ui  (generated data goes to .bench/)
import { chromium, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRun } from '../engine/views/synthetic-run.js';
import { writeSession } from '../engine/ingest/session-file.js';
import { startBrowserMode } from '../src-main/browser-mode.js';
import { CHROMIUM_ARGS } from '../playwright.config.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const dir = join(root, '.bench', 'ui');
const VIEWS = ['Overview', 'Memory', 'Timeline', 'Executors', 'Stages', 'Findings'] as const;

interface Sizes {
  tasks: number;
  executors: number;
  memoryPoints: number;
}

interface Figures {
  firstRender: Record<string, number>;
  drawP95: number;
  rasterP95: number;
  frameP95: number;
  scrubMedian: number;
  memoryZoomMs: number;
  memorySeries: number;
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Runs inside the page. Kept as plain JavaScript text: the bundler that runs this file would
// otherwise wrap functions in helpers that do not exist in the page.
const PAGE_HELPERS = String.raw`
window.__bench = {
  frame: () => new Promise((r) => requestAnimationFrame(() => r())),
  until: (test) => new Promise((resolve) => { const poll = () => (test() ? resolve() : requestAnimationFrame(poll)); requestAnimationFrame(poll); }),
  ready: {
    Overview: () => !!document.querySelector('[data-testid="kpi-tasks"] .value'),
    Memory: () => (window.__skewscopeMemoryChart?.data.datasets.length ?? 0) > 0,
    Timeline: () => window.__skewscopePerf?.timelineFirstDraw !== undefined,
    Executors: () => document.querySelectorAll('table[aria-label="Executors"] tbody tr').length > 0,
    Stages: () => !!document.querySelector('table[aria-label="Summary metrics"]'),
    Findings: () => document.querySelectorAll('ol.findings article').length > 0 || /No findings/.test(document.body.innerText),
  },
  // Clicks a view and waits until its content has drawn (plus one frame); returns ms.
  async timeView(name) {
    if (name === 'Memory') window.__skewscopeMemoryChart = undefined;
    const button = [...document.querySelectorAll('nav[aria-label="Views"] button')].find((b) => b.textContent.includes(name));
    const t0 = performance.now();
    button.click();
    await this.until(this.ready[name]);
    await this.frame();
    return performance.now() - t0;
  },
  async panZoom() {
    const tl = window.__skewscopeTimeline;
    window.__skewscopePerf.timelineDraws.length = 0;
    const frames = [];
    let last = performance.now();
    for (let i = 0; i < 240; i++) {
      const phase = Math.floor(i / 40) % 3;
      if (phase === 0) tl.zoom(1.08);
      else if (phase === 1) tl.pan((tl.viewport.t1 - tl.viewport.t0) * 0.03);
      else tl.zoom(1 / 1.08);
      await this.frame();
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    // Draw and rasterise synchronously (reading a pixel flushes the canvas): the cost of a frame without the compositor.
    const canvas = document.querySelector('[data-testid="timeline-canvas"]');
    const ctx = canvas.getContext('2d');
    const rasters = [];
    for (let i = 0; i < 60; i++) {
      if (i % 20 < 10) tl.zoom(1.08); else tl.pan((tl.viewport.t1 - tl.viewport.t0) * 0.03);
      const t0 = performance.now();
      tl.drawNow();
      ctx.getImageData(0, 0, 1, 1);
      rasters.push(performance.now() - t0);
    }
    return { draws: [...window.__skewscopePerf.timelineDraws], frames, rasters };
  },
  async scrub(f) {
    const range = document.querySelector('input[aria-label="Replay time"]');
    const value = () => document.querySelector('[data-testid="kpi-tasks"] .value')?.textContent;
    const before = value();
    const t0 = performance.now();
    range.value = String(Number(range.min) + (Number(range.max) - Number(range.min)) * f);
    range.dispatchEvent(new Event('input', { bubbles: true }));
    await this.until(() => value() !== before);
    return performance.now() - t0;
  },
  memoryZoom() {
    const chart = window.__skewscopeMemoryChart;
    const t0 = performance.now();
    chart.zoom(1.5);
    chart.resetZoom();
    return { ms: (performance.now() - t0) / 2, series: chart.data.datasets.length };
  },
};
`;

const timeView = (page: Page, view: string) => page.evaluate(`window.__bench.timeView(${JSON.stringify(view)})`) as Promise<number>;

async function measure(sizes: Sizes, label: string): Promise<Figures> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `run-${sizes.tasks}-${sizes.executors}-${sizes.memoryPoints}.skewscope`);
  const run = generateRun({ ...sizes, seed: 7, name: `bench ${label}` });
  await writeSession(file, [run]);
  const mode = await startBrowserMode({ host: '127.0.0.1', port: 0, roots: [dir], sessionDir: join(dir, 'sessions') });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(mode.url);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await mode.service.openPath({ path: file });
    await page.getByRole('combobox', { name: 'Run' }).selectOption(run.id);
    await page.getByTestId('kpi-tasks').getByText(run.tasks.length.toLocaleString('en-US')).waitFor({ timeout: 120_000 });
    await page.evaluate(PAGE_HELPERS);
    const firstRender: Record<string, number> = {};
    for (const v of VIEWS) firstRender[v] = await timeView(page, v);
    await timeView(page, 'Timeline');
    const phases = (await page.evaluate('[window.__skewscopePerf.timelineFetched, window.__skewscopePerf.timelineIndexed, window.__skewscopePerf.timelineFirstDraw]')) as number[];
    console.log(`${label}: timeline fetched after ${phases[0]?.toFixed(0)} ms, indexed after ${phases[1]?.toFixed(0)} ms, first drawn after ${phases[2]?.toFixed(0)} ms`);
    const { draws, frames, rasters } = (await page.evaluate('window.__bench.panZoom()')) as { draws: number[]; frames: number[]; rasters: number[] };
    await timeView(page, 'Memory');
    const zoom = (await page.evaluate('window.__bench.memoryZoom()')) as { ms: number; series: number };
    const mem = (await page.evaluate('[window.__skewscopePerf.memoryFetched, window.__skewscopePerf.memoryPointsBuilt, window.__skewscopePerf.memoryDrawn]')) as number[];
    console.log(`${label}: memory series fetched after ${mem[0]?.toFixed(0)} ms, points built after ${mem[1]?.toFixed(0)} ms, chart drawn after ${mem[2]?.toFixed(0)} ms`);
    await timeView(page, 'Overview');
    const scrubs: number[] = [];
    for (const f of [0.2, 0.45, 0.7, 0.9, 0.35]) scrubs.push((await page.evaluate(`window.__bench.scrub(${f})`)) as number);
    return { firstRender, drawP95: p95(draws), rasterP95: p95(rasters), frameP95: p95(frames), scrubMedian: median(scrubs), memoryZoomMs: zoom.ms, memorySeries: zoom.series };
  } finally {
    await browser.close();
    await mode.close();
  }
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
const small = await measure({ tasks: 1_000, executors: 10, memoryPoints: 500 }, 'baseline');
const big = await measure({ tasks: 100_000, executors: 200, memoryPoints: 5_000 }, 'big');
console.log('bench:ui — Chromium (Debian) through Playwright, 1440×900');
console.log(`baseline run: 1,000 tasks, 10 executors, 500 memory points; big run: 100,000 tasks, 200 executors, 5,000 points per series\n`);
console.log('measure'.padEnd(36), 'baseline'.padStart(12), 'big'.padStart(12), 'big/base'.padStart(10), '  target');
const row = (name: string, a: number, b: number, target = '') => console.log(name.padEnd(36), ms(a).padStart(12), ms(b).padStart(12), `${(b / a).toFixed(1)}×`.padStart(10), `  ${target}`);
for (const v of VIEWS) row(`first render: ${v}`, small.firstRender[v], big.firstRender[v], v === 'Timeline' ? '≤ 1000 ms' : '');
row('timeline draw p95 (pan/zoom)', small.drawP95, big.drawP95, '≤ 16 ms');
row('timeline draw + raster p95', small.rasterP95, big.rasterP95, '≤ 16 ms');
row('timeline frame p95 (pan/zoom)', small.frameP95, big.frameP95, '≤ 16 ms (vsync-bound)');
row('scrubber move → Overview updated', small.scrubMedian, big.scrubMedian);
row('memory chart zoom (one update)', small.memoryZoomMs, big.memoryZoomMs, `interactive (${big.memorySeries} series drawn)`);
