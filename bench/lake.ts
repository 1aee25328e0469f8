// bench:lake — bounded selection (boundedFiles = 50,000) against the naive way (list
// everything, sort, take the oldest), on a synthetic listing of 100k / 1.34M / 5M objects in
// random modification-time order (the heap's worst case), a real directory tree of 200,000 files,
// and 5,000 objects on s3rver. Every case runs in a fresh plain-node process on the compiled
// engine (dist/, as the CLI ships), so its peak RSS is that case's alone and no TypeScript loader
// is counted. Generated data lives under .bench/ and is reused.
//
//   npm run bench:lake                  all cases
//   npm run bench:lake -- quick         smaller sizes, for a smoke run
//   npm run bench:lake -- disk s3       only some of: synthetic, disk, s3
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startS3rver } from '../test/helpers/s3rver.js';

const BOUND = 50_000;
const repo = fileURLToPath(new URL('..', import.meta.url));
const benchDir = join(repo, '.bench');
const dist = (rel: string) => pathToFileURL(join(repo, 'dist', 'engine', 'lake', rel)).href;

interface CaseResult {
  objects: number;
  selected: number;
  ms: number;
  peakRssMb: number;
}

/** The case, as a plain ES module run by `node -e`: source = synthetic | disk | s3; mode = heap | naive. */
const CHILD = `
import { selectBounded } from ${JSON.stringify(dist('bounded-select.js'))};
import { compareOldestFirst } from ${JSON.stringify(dist('lake-file.js'))};
// Only the disk and S3 cases load the listing code (and with it the AWS SDK, ~20 MB of RSS).
const lakeTable = () => import(${JSON.stringify(dist('lake-table.js'))}).then((m) => m.LakeTable);
const [source, arg, mode] = process.argv.slice(1);
const BOUND = ${BOUND};

// Listing-shaped objects: flat path strings (as the listers build them), partition values
// shared per folder (as the walk yields them), mtimes in random order, and a turn of the event
// loop every 1,000 objects, as a paged listing waits for each page.
async function* synthetic(n) {
  let s = 12345;
  const base = Date.UTC(2020, 0, 1);
  const folders = new Map();
  for (let i = 0; i < n; i++) {
    if (i % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const hour = s % 8760;
    let values = folders.get(hour);
    if (!values) {
      const two = (v) => String(v).padStart(2, '0');
      values = { partition_0: '2020', partition_1: two(1 + Math.floor(hour / 730)), partition_2: two(1 + (Math.floor(hour / 24) % 28)), partition_3: two(hour % 24) };
      folders.set(hour, values);
    }
    const path = ['s3://bench/badge_access/', values.partition_0, '/', values.partition_1, '/', values.partition_2, '/', values.partition_3, '/part-', String(i).padStart(8, '0'), '.json'].join('');
    yield { path, size: 20000 + (s % 10000), mtime: base + hour * 3600000 + ((s >>> 8) % 3600000), partitionValues: values };
  }
}

let files;
if (source === 'synthetic') files = synthetic(Number(arg));
else if (source === 'disk') files = (await (await lakeTable()).open(arg)).list();
else {
  const [endpoint, uri] = arg.split('|');
  files = (await (await lakeTable()).open(uri, { endpoint, region: 'us-east-1' })).list();
}
const start = performance.now();
let objects, selected;
if (mode === 'heap') {
  const s = await selectBounded(files, { bound: { files: BOUND } });
  selected = s.selectedFiles;
  objects = s.selectedFiles + s.remainingFiles;
} else {
  const all = [];
  for await (const f of files) all.push(f);
  all.sort(compareOldestFirst);
  selected = all.slice(0, BOUND).length;
  objects = all.length;
}
const ms = performance.now() - start;
console.log(JSON.stringify({ objects, selected, ms, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
`;

function inChild(source: string, arg: string, mode: 'heap' | 'naive'): CaseResult {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', CHILD, source, arg, mode], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as CaseResult;
}

function ensureTree(dir: string, files: number): void {
  const marker = join(dir, `.complete-${files}`);
  if (existsSync(marker)) return;
  process.stderr.write(`generating ${files.toLocaleString('en-US')} files under ${dir} (once)…\n`);
  const base = Date.UTC(2020, 0, 1) / 1000;
  for (let i = 0; i < files; i++) {
    const hour = Math.floor(i / 100);
    const two = (v: number) => String(v).padStart(2, '0');
    const folder = join(dir, '2020', two(1 + Math.floor(hour / 720)), two(1 + (Math.floor(hour / 24) % 30)), two(hour % 24));
    if (i % 100 === 0) mkdirSync(folder, { recursive: true });
    const path = join(folder, `part-${String(i).padStart(6, '0')}.json`);
    writeFileSync(path, '{"BadgeID":1}\n');
    // Arrival order differs from name order inside a folder, so the selection has work to do.
    const t = base + hour * 3600 + ((i * 7919) % 100) * 13;
    utimesSync(path, t, t);
  }
  writeFileSync(marker, '');
}

async function withS3(dir: string, objects: number, use: (endpoint: string) => void): Promise<void> {
  const s3 = await startS3rver({ directory: dir, buckets: ['bench'] });
  try {
    const marker = join(dir, `.complete-${objects}`);
    if (!existsSync(marker)) {
      process.stderr.write(`uploading ${objects.toLocaleString('en-US')} objects to s3rver in ${dir} (once, ~250/s)…\n`);
      for (let i = 0; i < objects; i += 64) {
        await Promise.all(
          Array.from({ length: Math.min(64, objects - i) }, (_, k) => {
            const n = i + k;
            const Key = `badge_access/2020/01/${String(1 + (n % 28)).padStart(2, '0')}/part-${String(n).padStart(6, '0')}.json`;
            return s3.client.send(new PutObjectCommand({ Bucket: 'bench', Key, Body: '{"BadgeID":1}\n' }));
          }),
        );
      }
      writeFileSync(marker, '');
    }
    use(s3.endpoint);
  } finally {
    await s3.stop();
  }
}

const rate = (r: CaseResult) => `${Math.round(r.objects / (r.ms / 1000)).toLocaleString('en-US')}/s`;
/** Heap and naive over the same real listing, after an untimed warm-up pass (so neither gets the colder caches). */
function compareOn(label: string, source: string, arg: string): string {
  inChild(source, arg, 'heap');
  return row(label, inChild(source, arg, 'heap'), inChild(source, arg, 'naive'));
}

function row(label: string, heap: CaseResult, naive: CaseResult): string {
  if (heap.selected !== naive.selected || heap.objects !== naive.objects) throw new Error(`${label}: heap and naive disagree`);
  return [
    label.padEnd(24),
    heap.objects.toLocaleString('en-US').padStart(10),
    rate(heap).padStart(12),
    `${heap.peakRssMb.toFixed(0)} MB`.padStart(9),
    rate(naive).padStart(12),
    `${naive.peakRssMb.toFixed(0)} MB`.padStart(9),
    `${(naive.ms / heap.ms).toFixed(2)}×`.padStart(7),
    `${(naive.peakRssMb / heap.peakRssMb).toFixed(2)}×`.padStart(7),
  ].join(' ');
}

async function main(): Promise<void> {
  if (!existsSync(fileURLToPath(dist('bounded-select.js')))) {
    console.error('bench:lake runs the compiled engine: run `npm run build` first.');
    process.exit(1);
  }
  const quick = process.argv.includes('quick');
  const chosen = ['synthetic', 'disk', 's3'].filter((c) => process.argv.includes(c));
  const wants = (c: string) => chosen.length === 0 || chosen.includes(c);
  mkdirSync(benchDir, { recursive: true });
  console.log(`bench:lake — bounded selection, boundedFiles = ${BOUND.toLocaleString('en-US')} (oldest mtime first); naive = list all, sort, slice`);
  console.log(
    ['case'.padEnd(24), 'objects'.padStart(10), 'heap'.padStart(12), 'heap RSS'.padStart(9), 'naive'.padStart(12), 'naive RSS'.padStart(9), 'speed'.padStart(7), 'memory'.padStart(7)].join(' '),
  );
  const sizes = quick ? [100_000, 300_000] : [100_000, 1_340_000, 5_000_000];
  const rss: number[] = [];
  for (const n of wants('synthetic') ? sizes : []) {
    const heap = inChild('synthetic', String(n), 'heap');
    const naive = inChild('synthetic', String(n), 'naive');
    rss.push(heap.peakRssMb);
    console.log(row('synthetic, random order', heap, naive));
  }
  if (wants('disk')) {
    const treeFiles = quick ? 20_000 : 200_000;
    const tree = join(benchDir, `lake-tree-${treeFiles}`);
    ensureTree(tree, treeFiles);
    console.log(compareOn('directory tree on disk', 'disk', tree));
  }
  if (wants('s3')) {
    const objects = quick ? 1_000 : 5_000;
    await withS3(join(benchDir, `s3rver-${objects}`), objects, (endpoint) => {
      console.log(compareOn('s3rver listing', 's3', `${endpoint}|s3://bench/badge_access`));
    });
  }
  console.log('speed and memory: naive ÷ heap (above 1 favours the bounded heap); rates are listed objects per second');
  if (rss.length === 0) return;
  console.log(
    `peak RSS of the bounded selection at ${sizes.map((n) => n.toLocaleString('en-US')).join(' / ')} objects: ` +
      `${rss.map((r) => r.toFixed(0)).join(' / ')} MB (target ≤ 150 MB, flat)`,
  );
}

await main();
