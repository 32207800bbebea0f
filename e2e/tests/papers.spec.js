// @ts-check
// The papers, live: each flow overlay draws on the map in its run's colour with its distance
// read out (or says why not), the ‖u‖∞ chart carries the bound, ADOPT's counterexample runs to
// the end without long tasks, and the papers' lessons show what their captions promise.
const { test, expect } = require('@playwright/test');
const {
  collectErrors,
  openDefault,
  openEdited,
  readScene,
  pauseAtEnd,
  snapshotCanvas,
  diffFromSnapshot,
  countColour,
  canvasDigest,
  expectNoFatal,
  screenshot,
  RUN_COLORS,
  adamwScaleInvariant,
  UPDATE_TIMEOUT_MS,
} = require('./helpers');

const FLOWS = ['gradient', 'continuous', 'continuous-first', 'modified', 'leading'];

test('each flow draws dashed in its run colour and reads out its distance in η', async ({ page }) => {
  const errors = collectErrors(page);
  await openEdited(page, (scene) => {
    scene.landscape = { name: 'himmelblau' };
    scene.start = [-1, -1];
    scene.steps = 300;
    scene.view = { x: [-5, 5], y: [-5, 5] };
    scene.runs = [scene.runs.find((r) => r.optimizer === 'adam')];
    scene.selected = scene.runs[0].id;
  });
  await pauseAtEnd(page);
  const colour = RUN_COLORS[2];
  for (const id of FLOWS) {
    await snapshotCanvas(page, 'canvas#trajectory', id);
    const before = await countColour(page, colour);
    await page.locator(`#flow-${id}-on`).check();
    await expect(page.locator(`#flow-${id}-readout`)).toHaveText(/max [\d.e-]+η, final [\d.e-]+η/, { timeout: UPDATE_TIMEOUT_MS });
    await expect.poll(() => diffFromSnapshot(page, 'canvas#trajectory', id)).toBeGreaterThan(100);
    expect(await countColour(page, colour), `${id} draws in the run's colour`).not.toBe(before);
    await page.locator(`#flow-${id}-on`).uncheck();
    await expect.poll(() => diffFromSnapshot(page, 'canvas#trajectory', id)).toBeLessThan(20);
  }
  // The choice travels in the link.
  await page.locator('#flow-modified-on').check();
  await expect.poll(async () => (await readScene(page)).runs[0].overlays).toEqual({ gradient: false, continuous: false, continuous_first: false, modified: true, leading: false });
  expect(errors).toEqual([]);
  await expectNoFatal(page);
});

test('a flow that does not apply says why in one line and draws nothing', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await page.locator('.legend li.entry[data-run="1"] .name').click();
  await pauseAtEnd(page);
  await snapshotCanvas(page, 'canvas#trajectory', 'sgd');
  await page.locator('#flow-continuous-on').check();
  await expect(page.locator('#flow-continuous-readout')).toHaveText(/^not drawn: .*for Adam and AdamW/);
  await page.locator('#flow-modified-on').check();
  await expect(page.locator('#flow-modified-readout')).toHaveText(/^not drawn: .*derived for Adam/);
  expect(await diffFromSnapshot(page, 'canvas#trajectory', 'sgd')).toBeLessThan(20);
  expect(errors).toEqual([]);
});

test('the ‖u‖∞ chart carries the bounds for Adam and not for SGD; the implicit-bias panel reads c', async ({ page }) => {
  await openDefault(page);
  await expect(page.locator('#bound-key')).toContainText('DERIVED');
  await expect(page.locator('#ib-c')).toContainText('c = β/(1−β) − ρ/(1−ρ) = -990');
  await expect(page.locator('#ib-verdict')).toContainText('impedes');
  await expect(page.locator('#ib-regime')).toHaveText(/step \d+: ε\/\(\|g\| \+ ε\) = /);
  await page.locator('.legend li.entry[data-run="1"] .name').click();
  await expect(page.locator('#bound-key')).toHaveCount(0);
});

test("ADOPT's counterexample runs to 100% in its worker and draws its bands", async ({ page }) => {
  const errors = collectErrors(page);
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  await openDefault(page);
  // The map's animation paused, so a long task on the main thread could only be the study's.
  await pauseAtEnd(page);
  await page.evaluate(() => {
    // @ts-ignore
    window.__long = [];
    // @ts-ignore
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: 'longtask' });
  });
  await page.locator('#adopt-run').click();
  await expect.poll(async () => Number(await page.locator('#adopt-progress').getAttribute('value')), { timeout: 60_000 }).toBe(1);
  await expect(page.locator('#adopt-status')).toHaveText(/Done/);
  await expect(page.locator('#adopt-canvas')).toHaveAttribute('data-drawn', '4');
  const colours = await page.evaluate(() => {
    const c = /** @type {HTMLCanvasElement} */ (document.querySelector('#adopt-canvas'));
    const d = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d')).getImageData(0, 0, c.width, c.height).data;
    const count = ([r, g, b]) => {
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 30) n += 1;
      return n;
    };
    return { adam: count([0xff, 0x8c, 0x1a]), adopt: count([0x56, 0xb4, 0xe9]) };
  });
  expect(colours.adam, "Adam's median is drawn").toBeGreaterThan(100);
  expect(colours.adopt, "ADOPT's median is drawn").toBeGreaterThan(100);
  // @ts-ignore
  const longest = await page.evaluate(() => Math.max(0, ...window.__long));
  expect(longest, 'no main-thread task of 50 ms or more while it ran').toBeLessThan(50);
  expect(workers.some((u) => u.endsWith('/adopt-worker.js')), `workers: ${workers}`).toBe(true);
  // A second run replaces the first: it starts again from 0 and finishes.
  await page.locator('#adopt-k').selectOption('3');
  await page.locator('#adopt-run').click();
  await expect.poll(async () => Number(await page.locator('#adopt-progress').getAttribute('value')), { timeout: 60_000 }).toBe(1);
  await expect(page.locator('#adopt-status')).toHaveText(/Done/);
  expect(errors).toEqual([]);
});

test("the papers' lessons show what their captions promise", async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await page.selectOption('#preset', 'continuous-adam');
  await expect(page.locator('#flow-continuous-readout')).toHaveText(/max 0\.1\d*η/);
  await expect(page.locator('#flow-continuous-first-readout')).toHaveText(/max 0\.3\d*η/);
  await expect(page.locator('#bound-key')).toBeVisible();
  await pauseAtEnd(page);
  expect(await countColour(page, RUN_COLORS[1])).toBeGreaterThan(200);
  await screenshot(page, 'papers-continuous-adam.png');

  await page.selectOption('#preset', 'modified-flow');
  await expect(page.locator('#flow-modified-readout')).toHaveText(/final 0\.\d+η/);
  await expect(page.locator('#flow-leading-readout')).toHaveText(/final 3\.\d+η/);
  await expect(page.locator('#ib-c')).toContainText('= 8');
  await screenshot(page, 'papers-modified-flow.png');

  await page.selectOption('#preset', 'adopt-toy');
  await expect.poll(async () => Number(await page.locator('#adopt-progress').getAttribute('value')), { timeout: 60_000 }).toBe(1);
  await expect(page.locator('#adopt-canvas')).toHaveAttribute('data-drawn', '4');
  await screenshot(page, 'papers-adopt-toy.png');
  expect(errors).toEqual([]);
  await expectNoFatal(page);
});

test('the meta-adaptive panel charts AdamW on the scale-invariant loss, and says why not elsewhere', async ({ page }) => {
  const errors = collectErrors(page);
  await openEdited(page, adamwScaleInvariant);
  await expect(page.locator('#meta-readout')).toHaveText(/mean \|cos\(W, u\)\| = [\d.e-]+.*× the prediction/, { timeout: UPDATE_TIMEOUT_MS });
  await expect(page.locator('#meta-caveat')).toContainText('Assumption 1');
  for (const id of ['#chart-meta-norm canvas', '#chart-meta-angle canvas']) {
    await expect.poll(async () => (await canvasDigest(page, id)).opaque).toBeGreaterThan(5000);
  }
  await page.locator('#meta-adaptive').scrollIntoViewIfNeeded();
  await screenshot(page, 'meta-adaptive.png');
  // Without decay there is no balance to read: the panel says what to change.
  await openEdited(page, (scene) => {
    scene.landscape = { name: 'scale-invariant' };
    scene.runs = [scene.runs.find((x) => x.optimizer === 'adam')];
    scene.selected = scene.runs[0].id;
  });
  await expect(page.locator('#meta-why')).toHaveText(/AdamW/);
  await expect(page.locator('#chart-meta-norm')).toHaveCount(0);
  expect(errors).toEqual([]);
  await expectNoFatal(page);
});

test('the h-sweep halves h for the same time and shows the shift halving with it', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await page.selectOption('#preset', 'implicit-bias');
  await expect(page.locator('#lesson')).toBeVisible({ timeout: UPDATE_TIMEOUT_MS });
  await page.locator('#ib-h-sweep').click();
  const rows = page.locator('#ib-h-result table tr');
  await expect(rows).toHaveCount(5, { timeout: UPDATE_TIMEOUT_MS });
  const text = (await page.locator('#ib-h-result').textContent()) || '';
  const m = /divides the shift by ([\d.]+), ([\d.]+), ([\d.]+)/.exec(text);
  expect(m, text).not.toBeNull();
  for (const r of (m || []).slice(1).map(Number)) {
    expect(r).toBeGreaterThan(1.6);
    expect(r).toBeLessThan(2.4);
  }
  // The regime line keeps its own element while the result comes in.
  await expect(page.locator('#ib-regime')).toHaveText(/^step \d+:/);
  await expect(page.locator('#implicit-bias p.note', { hasText: /^step/ })).toHaveCount(0);
  expect(errors).toEqual([]);
  await expectNoFatal(page);
});
