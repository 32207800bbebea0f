#!/usr/bin/env node
// @ts-check
// Measures the built page (dist/) in headless Chromium, the way it is used:
//   (i)   8 runs × 2000 steps animating on Rosenbrock: the app's per-frame drawing work
//         ("frame" timings of window.optiscape.optiscape_perf()) and the requestAnimationFrame
//         intervals seen by the page, over ~3 s; the same page with 1 run as a baseline;
//   (ii)  a slider change (β, 20 times) with 8 runs × 2000 steps: the app's recompute and redraw
//         timings, the time the 'input' event takes to handle, and the wall time from dispatching
//         it to the next animation frame after the DOM changed;
//   (iii) optiscape_bench_paint: heatmap + contours of an 800×800 view (10 runs per landscape);
//   (iv)  the wasm and JS bundle sizes, raw and gzip -9.
// Prints a table with the targets beside the figures. Nothing is asserted.
//
// Usage: node bench.js --url http://127.0.0.1:PORT/ [--dist ../dist] [--json out.json]
//                      [--only animation,slider,peer,map,paint]
// (scripts/bench.sh builds the page, serves it and runs this.)
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { chromium } = require('@playwright/test');

const TARGETS = {
  frameP95: 8, // ms per frame of drawing work, 8 runs animating
  recomputeRedraw: 16, // ms, recompute + redraw after a slider change, 8 runs × 2000 steps
  paint800: 30, // ms, heatmap + contours of an 800×800 view
};
const ANIMATION_MS = 3000;
const ANIMATION_REPEATS = 2;
const SLIDER_CHANGES = 20;
const PAINT_REPEATS = 10;
const PAINT_LANDSCAPES = ['rosenbrock', 'himmelblau', 'goldstein-price'];
const EXTRA_OPTIMIZERS = ['nesterov', 'rmsprop', 'amsgrad', 'lion'];
// What --only may select; all by default.
const PARTS = ['animation', 'slider', 'peer', 'map', 'paint'];

// The launch options of playwright.config.js.
const CHROMIUM = { headless: true, ...require('./chromium') };

function parseArgs(argv) {
  const out = { url: 'http://127.0.0.1:8765/', dist: path.join(__dirname, '..', 'dist'), json: '', only: new Set(PARTS) };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--url') out.url = argv[++i];
    else if (a === '--dist') out.dist = argv[++i];
    else if (a === '--json') out.json = argv[++i];
    else if (a === '--only') {
      out.only = new Set(String(argv[++i]).split(','));
      const bad = [...out.only].filter((p) => !PARTS.includes(p));
      if (bad.length) throw new Error(`--only: unknown part ${bad.join(', ')} (parts: ${PARTS.join(', ')})`);
    }
    else if (a === '-h' || a === '--help') {
      console.log(`usage: node bench.js --url http://127.0.0.1:PORT/ [--dist DIR] [--json FILE] [--only ${PARTS.join(',')}]`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!out.url.endsWith('/')) out.url += '/';
  return out;
}

/** The q-quantile (0..1) of numbers, by linear interpolation; NaN when there are none. */
function quantile(xs, q) {
  if (!xs || xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

function stats(xs) {
  return { n: xs ? xs.length : 0, p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: xs && xs.length ? Math.max(...xs) : NaN };
}

const ms = (v) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 2 : 1) : 'n/a');
const ratio = (v, t) => (Number.isFinite(v) ? `${(v / t).toFixed(2)}×` : 'n/a');
const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;

async function waitDrawn(page) {
  await page.waitForSelector('canvas#landscape[data-drawn="true"]', { timeout: 30_000 });
  await page.waitForSelector('.legend li.entry', { timeout: 30_000 });
  await page.waitForFunction(() => !!(window.optiscape && window.optiscape.optiscape_perf), null, { timeout: 30_000 });
}

async function readScene(page) {
  const hash = await page.evaluate(() => location.hash);
  if (!hash.startsWith('#s=')) throw new Error(`no scene in the address bar: ${hash.slice(0, 60)}`);
  return JSON.parse(decodeURIComponent(hash.slice(3)));
}

async function openScene(page, base, scene) {
  await page.goto(base + '#s=' + encodeURIComponent(JSON.stringify(scene)));
  await page.reload();
  await waitDrawn(page);
  const msg = page.locator('#message');
  if ((await msg.count()) > 0) throw new Error(`the page refused the scene: ${await msg.textContent()}`);
}

async function perf(page) {
  return JSON.parse(await page.evaluate(() => window.optiscape.optiscape_perf()));
}

/** Builds the scenes from the page itself, so every run has its optimizer's own defaults. */
async function makeScenes(page, base) {
  await page.goto(base);
  await waitDrawn(page);
  for (const o of EXTRA_OPTIMIZERS) {
    const before = await page.locator('.legend li.entry').count();
    await page.locator('.legend select.add').selectOption(o);
    await page.waitForFunction((n) => document.querySelectorAll('.legend li.entry').length === n + 1, before);
  }
  const eight = await readScene(page);
  if (eight.runs.length !== 8) throw new Error(`expected 8 runs, got ${eight.runs.length}`);
  eight.landscape = { name: 'rosenbrock' };
  eight.steps = 2000;
  const adam = eight.runs.find((r) => r.optimizer === 'adam') || eight.runs[0];
  eight.selected = adam.id;
  const one = { ...JSON.parse(JSON.stringify(eight)), runs: [JSON.parse(JSON.stringify(adam))], selected: adam.id };
  return { eight, one };
}

/** Replays the animation from step 0 and records ~3 s of frames, ANIMATION_REPEATS times, pooled. */
async function measureAnimation(page, base, scene) {
  const samples = [];
  for (let i = 0; i < ANIMATION_REPEATS; i += 1) samples.push(await animationSample(page, base, scene));
  const pool = (k) => samples.flatMap((s) => s[k]);
  return {
    frame: stats(pool('frame')),
    raf: stats(pool('raf')),
    label: samples.map((s) => s.label).join(', '),
    stillPlaying: samples.every((s) => s.stillPlaying),
  };
}

async function animationSample(page, base, scene) {
  await openScene(page, base, scene);
  await page.waitForTimeout(300);
  // Paused at the end first, so the replay below starts from a known state.
  await page.locator('#timeline').evaluate((el) => {
    const input = /** @type {HTMLInputElement} */ (el);
    input.value = input.max;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.evaluate(() => window.optiscape.optiscape_perf_reset());
  const raf = await page.evaluate(async (duration) => {
    const intervals = [];
    let last = NaN;
    let stop = false;
    const tick = (t) => {
      if (Number.isFinite(last)) intervals.push(t - last);
      last = t;
      if (!stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    /** @type {HTMLButtonElement} */ (document.querySelector('#reset')).click();
    const t0 = performance.now();
    await new Promise((res) => setTimeout(res, duration));
    stop = true;
    const label = document.querySelector('#step-label')?.textContent || '';
    const playing = /Pause/.test(document.querySelector('#play')?.textContent || '');
    return { intervals, elapsed: performance.now() - t0, label, playing };
  }, ANIMATION_MS);
  const p = await perf(page);
  return { frame: p.frame || [], raf: raf.intervals, label: raf.label, stillPlaying: raf.playing };
}

/** Moves the β slider SLIDER_CHANGES times, each time waiting for the page to settle. */
async function measureSlider(page, base, scene) {
  await openScene(page, base, scene);
  await page.locator('#timeline').evaluate((el) => {
    const input = /** @type {HTMLInputElement} */ (el);
    input.value = input.max;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForTimeout(300);
  await page.evaluate(() => window.optiscape.optiscape_perf_reset());
  const handled = [];
  const toDom = [];
  const toFrame = [];
  for (let i = 0; i < SLIDER_CHANGES; i += 1) {
    // Distinct positions, alternating across the range: 0.9 … 0.999 and back.
    const position = i % 2 === 0 ? 250 + 12 * i : 740 - 12 * i;
    const r = await page.evaluate(async ({ position, selected }) => {
      const slider = /** @type {HTMLInputElement} */ (document.querySelector('#ctl-beta2'));
      const entry = document.querySelector(`.legend li.entry[data-run="${selected}"] button.name`);
      if (!slider || !entry) throw new Error('no β slider or no selected legend entry');
      const before = entry.textContent;
      const changed = () => entry.textContent !== before;
      const t0 = performance.now();
      slider.value = String(position);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      const t1 = performance.now();
      // Wait (if the update is not done yet) for the legend to show the new β, then for the next frame.
      let tDom = t1;
      if (!changed()) {
        tDom = await new Promise((res, rej) => {
          const obs = new MutationObserver(() => {
            if (changed()) {
              obs.disconnect();
              res(performance.now());
            }
          });
          obs.observe(document.body, { subtree: true, childList: true, characterData: true });
          setTimeout(() => rej(new Error('the legend did not change within 10 s')), 10_000);
        });
      }
      const t2 = await new Promise((res) => requestAnimationFrame(() => res(performance.now())));
      return { handled: t1 - t0, toDom: tDom - t0, toFrame: /** @type {number} */ (t2) - t0 };
    }, { position, selected: scene.selected });
    handled.push(r.handled);
    toDom.push(r.toDom);
    toFrame.push(r.toFrame);
    await page.waitForTimeout(50);
  }
  const p = await perf(page);
  const recompute = p.recompute || [];
  const redraw = p.redraw || [];
  // Pairs of (recompute, redraw), one per change, when the app records both.
  let sum = [];
  if (recompute.length > 0 && recompute.length === redraw.length) sum = recompute.map((v, i) => v + redraw[i]);
  return {
    recompute: stats(recompute),
    redraw: stats(redraw),
    recomputeRedraw: stats(sum),
    handled: stats(handled),
    toDom: stats(toDom),
    toFrame: stats(toFrame),
    recorded: Object.keys(p),
  };
}

/** The default page with its animation stopped, after `settleMs` for the charts to draw. */
async function openPaused(page, base, settleMs) {
  await page.goto(base);
  await waitDrawn(page);
  await page.evaluate(() => {
    const play = document.querySelector('#play');
    if (play && /Pause/.test(play.textContent || '')) play.click();
  });
  await page.waitForTimeout(settleMs);
}

async function measurePaint(page, base) {
  // Paint alone: stop the animation and let the charts settle first.
  await openPaused(page, base, 1000);
  const out = {};
  for (const name of PAINT_LANDSCAPES) {
    const times = await page.evaluate(
      ({ name, repeats }) => {
        const paint = (ratio, full) => {
          window.optiscape.optiscape_bench_paint(name, 800, ratio, full); // warm-up
          const t = [];
          for (let i = 0; i < repeats; i += 1) t.push(window.optiscape.optiscape_bench_paint(name, 800, ratio, full));
          return t;
        };
        // At 1×; at 2× as the map paints it (colours at CSS pixels, scaled up); at 2× with
        // every device pixel coloured, the way it painted before, as the baseline.
        return { one: paint(1, false), two: paint(2, false), twoFull: paint(2, true) };
      },
      { name, repeats: PAINT_REPEATS },
    );
    out[name] = { one: stats(times.one), two: stats(times.two), twoFull: stats(times.twoFull) };
  }
  return out;
}

/**
 * The measured stability map: `n` × `n` cells × 1000 Adam steps on Rosenbrock, in the page's
 * workers. Wall time from switching it on to the last cell, the longest main-thread task while
 * it computes (longtask entries, > 50 ms), and the frame intervals over the same time.
 * With `warm`, the animation is paused and the map at its default size is computed first, so the workers
 * have started and compiled the module: the time is then the cells' alone.
 */
async function measureMap(page, base, scene, n, warm) {
  const s = JSON.parse(JSON.stringify(scene));
  s.steps = 1000;
  await openScene(page, base, s);
  await page.waitForTimeout(500);
  if (warm) {
    await page.evaluate(async ({ timeout }) => {
      const play = document.querySelector('#play');
      if (play && /Pause/.test(play.textContent || '')) play.click();
      document.querySelector('#map-on').click();
      const t0 = performance.now();
      while (!/^\d+ runs measured\./.test(document.querySelector('#map-status')?.textContent || '')) {
        if (performance.now() - t0 > timeout) throw new Error('the warm-up map did not finish');
        await new Promise((res) => setTimeout(res, 5));
      }
    }, { timeout: 60_000 });
  }
  return page.evaluate(async ({ n, timeout, warm }) => {
    const long = [];
    const obs = new PerformanceObserver((list) => list.getEntries().forEach((e) => long.push(e.duration)));
    obs.observe({ type: 'longtask' });
    const frames = [];
    let last = NaN;
    let stop = false;
    const tick = (t) => {
      if (Number.isFinite(last)) frames.push(t - last);
      last = t;
      if (!stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const box = /** @type {HTMLInputElement} */ (document.querySelector('#map-on'));
    const t0 = performance.now();
    if (!warm) box.click();
    await new Promise((res) => setTimeout(res, 0));
    const sel = /** @type {HTMLSelectElement} */ (document.querySelector('#map-resolution'));
    sel.value = String(n);
    sel.dispatchEvent(new Event('change', { bubbles: true }));
    const done = () => Number(document.querySelector('#map-progress')?.getAttribute('value')) === 1
      && new RegExp(`${n * n} runs measured`).test(document.querySelector('#map-status')?.textContent || '');
    while (!done()) {
      if (performance.now() - t0 > timeout) throw new Error('the map did not finish');
      await new Promise((res) => setTimeout(res, 5));
    }
    const ms = performance.now() - t0;
    stop = true;
    obs.disconnect();
    return { ms, cells: n * n, steps: n * n * 1000, long, frames, workers: navigator.hardwareConcurrency };
  }, { n, timeout: 300_000, warm });
}

/**
 * The page's recompute against a plain JavaScript peer doing the same work: `RUNS` Adam runs
 * of `STEPS` steps on Rosenbrock from (−1.2, 1), run i at η = 0.001·(i + 1), β = (0.9, 0.999),
 * ε = 1e-8, every step recorded (θ, loss, gradient, update, m, v, effective rate) — Adam as
 * torch.optim.Adam writes it. Both in the same page, alternating, after a warm-up; the final
 * points are compared so the two are known to do the same arithmetic.
 */
async function measureRecomputePeer(page, base) {
  await openPaused(page, base, 500);
  return page.evaluate(({ runs, steps, repeats }) => {
    function jsRuns() {
      const t0 = performance.now();
      const finals = [];
      for (let i = 0; i < runs; i += 1) {
        const lr = 0.001 * (i + 1);
        const [b1, b2, eps] = [0.9, 0.999, 1e-8];
        let x = -1.2;
        let y = 1.0;
        const m = [0, 0];
        const v = [0, 0];
        const records = [];
        const gradient = () => {
          const a = 1 - x;
          const b = y - x * x;
          return { loss: a * a + 100 * b * b, g: [-2 * a - 400 * x * b, 200 * b] };
        };
        let { loss, g } = gradient();
        records.push({ step: 0, theta: [x, y], loss, grad: g, update: [0, 0], m: [0, 0], v: [0, 0], effLr: [0, 0] });
        for (let t = 1; t <= steps; t += 1) {
          const bc1 = 1 - Math.pow(b1, t);
          const bc2 = 1 - Math.pow(b2, t);
          const theta = [x, y];
          const u = [0, 0];
          const eff = [0, 0];
          for (let k = 0; k < 2; k += 1) {
            m[k] = m[k] + (1 - b1) * (g[k] - m[k]);
            v[k] = v[k] * b2 + (1 - b2) * g[k] * g[k];
            const denom = Math.sqrt(v[k]) / Math.sqrt(bc2) + eps;
            u[k] = m[k] / denom / bc1;
            eff[k] = lr / denom;
            theta[k] = theta[k] + (-(lr / bc1) * m[k]) / denom;
          }
          [x, y] = theta;
          ({ loss, g } = gradient());
          records.push({ step: t, theta: [x, y], loss, grad: g, update: u, m: [m[0], m[1]], v: [v[0], v[1]], effLr: eff });
        }
        finals.push(x, y);
      }
      return { ms: performance.now() - t0, finals };
    }
    const wasm = [];
    const js = [];
    let wasmFinals = [];
    let jsFinals = [];
    for (let r = 0; r < repeats + 1; r += 1) {
      const w = window.optiscape.optiscape_bench_runs(runs, steps);
      const j = jsRuns();
      if (r === 0) continue; // warm-up
      wasm.push(w[0]);
      js.push(j.ms);
      wasmFinals = Array.from(w.slice(1));
      jsFinals = j.finals;
    }
    const gap = Math.max(...wasmFinals.map((a, i) => Math.abs(a - jsFinals[i]) / Math.max(Math.abs(a), 1e-300)));
    return { wasm, js, gap };
  }, { runs: 8, steps: 2000, repeats: 15 });
}

function sizes(dist) {
  const out = {};
  for (const f of ['pkg/optiscape_bg.wasm', 'pkg/optiscape.js']) {
    const p = path.join(dist, f);
    if (!fs.existsSync(p)) {
      out[f] = null;
      continue;
    }
    const buf = fs.readFileSync(p);
    out[f] = { raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
  }
  return out;
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) => `| ${r.map((v, c) => String(v).padEnd(widths[c])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const browser = await chromium.launch(CHROMIUM);
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    const version = browser.version();
    const want = (part) => args.only.has(part);
    const notes = [];
    const { eight, one } = await makeScenes(page, args.url);
    const rows = [['measure', 'n', 'p50', 'p95', 'target', 'p95 / target']];
    const ratioRows = [['machine-independent ratio', 'value']];
    const r = (a, b) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : 'n/a');
    const out = { chromium: version, cpus: os.cpus().length, targets: TARGETS };
    if (want('animation')) {
      process.stderr.write('bench: animation, 8 runs …\n');
      const anim8 = await measureAnimation(page, args.url, eight);
      process.stderr.write('bench: animation, 1 run …\n');
      const anim1 = await measureAnimation(page, args.url, one);
      Object.assign(out, { anim8, anim1 });
      rows.push(['frame work, 8 runs × 2000 steps (ms)', anim8.frame.n, ms(anim8.frame.p50), ms(anim8.frame.p95), `≤ ${TARGETS.frameP95}`, ratio(anim8.frame.p95, TARGETS.frameP95)]);
      rows.push(['frame work, 1 run (baseline, ms)', anim1.frame.n, ms(anim1.frame.p50), ms(anim1.frame.p95), '', '']);
      rows.push(['rAF interval, 8 runs (ms)', anim8.raf.n, ms(anim8.raf.p50), ms(anim8.raf.p95), '', '']);
      rows.push(['rAF interval, 1 run (baseline, ms)', anim1.raf.n, ms(anim1.raf.p50), ms(anim1.raf.p95), '', '']);
      ratioRows.push(['frame p95: 8 runs / 1 run', r(anim8.frame.p95, anim1.frame.p95)]);
      ratioRows.push(['frame p95 (8 runs) / rAF interval p50 (8 runs)', r(anim8.frame.p95, anim8.raf.p50)]);
      notes.push(`animation: ${ANIMATION_REPEATS} samples of ${ANIMATION_MS} ms from step 0 at 5 steps/frame, pooled (8 runs reached ${anim8.label}${anim8.stillPlaying ? ', still playing' : ''}; 1 run reached ${anim1.label})`);
    }
    if (want('slider')) {
      process.stderr.write('bench: slider, 8 runs …\n');
      const slider8 = await measureSlider(page, args.url, eight);
      process.stderr.write('bench: slider, 1 run …\n');
      const slider1 = await measureSlider(page, args.url, one);
      Object.assign(out, { slider8, slider1 });
      rows.push(['recompute, 8 runs × 2000 steps (ms)', slider8.recompute.n, ms(slider8.recompute.p50), ms(slider8.recompute.p95), '', '']);
      rows.push(['redraw, 8 runs × 2000 steps (ms)', slider8.redraw.n, ms(slider8.redraw.p50), ms(slider8.redraw.p95), '', '']);
      rows.push(['recompute + redraw, 8 runs (ms)', slider8.recomputeRedraw.n, ms(slider8.recomputeRedraw.p50), ms(slider8.recomputeRedraw.p95), `≤ ${TARGETS.recomputeRedraw}`, ratio(slider8.recomputeRedraw.p95, TARGETS.recomputeRedraw)]);
      rows.push(['input handler (synchronous part), 8 runs (ms)', slider8.handled.n, ms(slider8.handled.p50), ms(slider8.handled.p95), '', '']);
      rows.push(['input → DOM updated, 8 runs (ms)', slider8.toDom.n, ms(slider8.toDom.p50), ms(slider8.toDom.p95), '', '']);
      rows.push(['input → next frame, 8 runs (ms)', slider8.toFrame.n, ms(slider8.toFrame.p50), ms(slider8.toFrame.p95), '', '']);
      rows.push(['redraw, 1 run (baseline, ms)', slider1.redraw.n, ms(slider1.redraw.p50), ms(slider1.redraw.p95), '', '']);
      rows.push(['input → DOM updated, 1 run (baseline, ms)', slider1.toDom.n, ms(slider1.toDom.p50), ms(slider1.toDom.p95), '', '']);
      rows.push(['input → next frame, 1 run (baseline, ms)', slider1.toFrame.n, ms(slider1.toFrame.p50), ms(slider1.toFrame.p95), '', '']);
      ratioRows.push(['input → next frame p50: 8 runs / 1 run', r(slider8.toFrame.p50, slider1.toFrame.p50)]);
      ratioRows.push(['redraw p50: 8 runs / 1 run', r(slider8.redraw.p50, slider1.redraw.p50)]);
      notes.push(`slider: ${SLIDER_CHANGES} changes of β (#ctl-beta2) while paused at the last step; app timings recorded: ${slider8.recorded.join(', ') || 'none'}`);
      if (slider8.recompute.n === 0) {
        notes.push('note: the page records no "recompute" timing, so recompute + redraw is n/a; "input → DOM updated" (recompute, render, redraw and charts, which run after the handler returns) bounds it from above');
      }
    }
    if (want('peer')) {
      process.stderr.write('bench: recompute against a JavaScript peer …\n');
      const peer = await measureRecomputePeer(page, args.url);
      out.peer = peer;
      const wasmRuns = stats(peer.wasm);
      const jsRuns = stats(peer.js);
      rows.push(['recompute 8 Adam runs × 2000 steps, wasm (ms)', wasmRuns.n, ms(wasmRuns.p50), ms(wasmRuns.p95), '', '']);
      rows.push(['the same in plain JavaScript (peer, ms)', jsRuns.n, ms(jsRuns.p50), ms(jsRuns.p95), '', '']);
      ratioRows.push(['recompute p50: JavaScript peer / wasm (goal ≥ 2)', r(jsRuns.p50, wasmRuns.p50)]);
      ratioRows.push(['final points, largest relative gap wasm vs peer', peer.gap.toExponential(1)]);
    }
    if (want('map')) {
      process.stderr.write('bench: stability map …\n');
      out.map = {};
      for (const [n, warm] of [[64, false], [256, false], [256, true]]) {
        const map = await measureMap(page, args.url, one, n, warm);
        out.map[warm ? `${n}-warm` : n] = map;
        const mapFrames = stats(map.frames);
        const goal = n === 256 ? '≤ 1000' : '';
        const how = warm ? ', paused, workers warm' : '';
        rows.push([`stability map ${n}×${n} × 1000 Adam steps, ${map.workers} cores${how} (ms, wall)`, 1, ms(map.ms), '', goal, goal ? ratio(map.ms, 1000) : '']);
        rows.push(['  … million steps/s', 1, (map.steps / map.ms / 1000).toFixed(1), '', '', '']);
        rows.push(['  … main-thread tasks over 50 ms (count, longest ms)', map.long.length, map.long.length ? ms(Math.max(...map.long)) : '0', '', '≤ 50', '']);
        rows.push(['  … rAF interval while it computes (ms)', mapFrames.n, ms(mapFrames.p50), ms(mapFrames.p95), '', '']);
      }
    }
    if (want('paint')) {
      process.stderr.write('bench: landscape paint …\n');
      const paint = await measurePaint(page, args.url);
      out.paint = paint;
      for (const name of PAINT_LANDSCAPES) {
        const { one, two, twoFull } = paint[name];
        rows.push([`heatmap + contours 800×800, ${name} (ms)`, one.n, ms(one.p50), ms(one.p95), `≤ ${TARGETS.paint800}`, ratio(one.p95, TARGETS.paint800)]);
        rows.push([`  … at 2× (1600² canvas, colours at 800², scaled up)`, two.n, ms(two.p50), ms(two.p95), '', '']);
        rows.push([`  … at 2×, every canvas pixel coloured (before)`, twoFull.n, ms(twoFull.p50), ms(twoFull.p95), '', '']);
        ratioRows.push([`paint at 2× on ${name}: before / now (p50)`, r(twoFull.p50, two.p50)]);
      }
    }
    const bundle = sizes(args.dist);
    out.bundle = bundle;
    const sizeRows = [['file', 'raw', 'gzip -9']];
    for (const [f, s] of Object.entries(bundle)) {
      sizeRows.push([`dist/${f}`, s ? `${s.raw} B (${kib(s.raw)})` : 'missing', s ? `${s.gzip} B (${kib(s.gzip)})` : 'missing']);
    }

    const cpus = os.cpus();
    console.log(`optiscape benchmark — ${new Date().toISOString().slice(0, 10)}`);
    const load = os.loadavg().map((v) => v.toFixed(2)).join(' ');
    console.log(`machine: ${cpus.length} × ${cpus[0] ? cpus[0].model.trim() : 'unknown CPU'}, ${os.platform()}; headless Chromium ${version}; node ${process.version}; load average at the end ${load}`);
    notes.forEach((n) => console.log(n));
    console.log('');
    console.log(table(rows));
    console.log('');
    console.log(table(ratioRows));
    console.log('');
    console.log(table(sizeRows));
    if (errors.length) console.log(`\npage errors during the run:\n  ${errors.join('\n  ')}`);
    if (args.json) {
      fs.writeFileSync(
        args.json,
        JSON.stringify(out, null, 2),
      );
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`bench: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
