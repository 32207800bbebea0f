// @ts-check
// The measured stability map: every (β, γ) of the phase diagram run in workers on the
// selected run's landscape, painted under the boundary curves, with a colour bar, a hover
// readout, clicks that set the run, and a new sweep whenever a setting changes.
const { test, expect } = require('@playwright/test');
const {
  collectErrors,
  openDefault,
  openEdited,
  canvasDigest,
  typeValue,
  expectNoFatal,
  screenshot,
} = require('./helpers');

const MAP_TIMEOUT_MS = 60_000;

/** A short run of Adam with ε = 0 on the plateau, where its update grows exactly where γ > √β. */
async function openAdamOnPlateau(page) {
  await openEdited(page, (scene) => {
    scene.landscape = { name: 'plateau' };
    scene.steps = 300;
    scene.runs = [scene.runs.find((r) => r.optimizer === 'adam')];
    scene.runs[0].hyper.eps = 0;
    scene.selected = scene.runs[0].id;
  });
}

/** The progress bar's value, 0 … 1. */
async function progress(page) {
  return Number(await page.locator('#map-progress').getAttribute('value'));
}

/** Client coordinates of a (β, γ) on the diagram: decays sit at −log10(1 − v)/4 of the plot. */
async function at(page, beta, gamma) {
  // The mouse acts where the diagram is on screen: bring it there first.
  await page.locator('#phase').scrollIntoViewIfNeeded();
  const box = await page.locator('#phase').boundingBox();
  if (!box) throw new Error('no phase diagram');
  const u = (v) => Math.min(1, -Math.log10(1 - v) / 4);
  const k = box.width / 300;
  return {
    x: box.x + (56 + u(beta) * (282 - 56)) * k,
    y: box.y + (256 - u(gamma) * (256 - 12)) * k,
  };
}

test('the map computes in workers, draws under the curves, and a click sets the run', async ({ page }) => {
  const errors = collectErrors(page);
  await openAdamOnPlateau(page);
  const before = await canvasDigest(page, '#phase');
  await page.locator('#map-on').check();
  await expect.poll(() => progress(page), { timeout: MAP_TIMEOUT_MS }).toBe(1);
  await expect(page.locator('#map-status')).toHaveText(/1024 runs measured/);
  // The measured cells replace the formula's shading.
  await expect.poll(async () => (await canvasDigest(page, '#phase')).hash).not.toBe(before.hash);
  const bar = await canvasDigest(page, '#map-bar');
  expect(bar.opaque, 'the colour bar is drawn').toBeGreaterThan(500);
  await screenshot(page, 'map-plateau.png');

  // Hovering a cell names both notations and says what it did.
  const grows = await at(page, 0.9, 0.999);
  await page.mouse.move(grows.x, grows.y);
  await expect(page.locator('#map-hover')).toHaveText(/β = β2 = .*γ = β1 = .*grows/);
  const calm = await at(page, 0.999, 0.9);
  await page.mouse.move(calm.x, calm.y);
  await expect(page.locator('#map-hover')).not.toHaveText(/grows/);

  // A click sets the run to the cell: the verdict follows, and the map is not recomputed.
  await page.mouse.click(grows.x, grows.y);
  await expect(page.locator('#stability')).toHaveText(/unstable/);
  await page.mouse.click(calm.x, calm.y);
  await expect(page.locator('#stability')).toHaveText(/^stable/);
  expect(await progress(page)).toBe(1);
  expect(errors).toEqual([]);
  await expectNoFatal(page);
});

test('changing a setting cancels the sweep and starts the new one', async ({ page }) => {
  const errors = collectErrors(page);
  await openEdited(page, (scene) => {
    scene.steps = 2000;
    scene.runs = [scene.runs.find((r) => r.optimizer === 'adam')];
    scene.selected = scene.runs[0].id;
  });
  await page.locator('#map-on').check();
  await page.locator('#map-resolution').selectOption('64');
  await expect.poll(() => progress(page), { timeout: MAP_TIMEOUT_MS }).toBeGreaterThan(0);
  // A new learning rate while the map computes: it starts again, from nothing.
  await typeValue(page, 'ctl-lr', '0.01');
  await expect(page.locator('#map-status')).toHaveText(/of 4096 runs measured|Computing 4096 runs/);
  await page.locator('#map-resolution').selectOption('16');
  await expect.poll(() => progress(page), { timeout: MAP_TIMEOUT_MS }).toBe(1);
  await expect(page.locator('#map-status')).toHaveText(/256 runs measured/);
  // Off: the formula's shading comes back and no cell of the old sweep repaints it.
  await page.locator('#map-on').uncheck();
  await expect(page.locator('#map-progress')).toHaveCount(0);
  expect(errors).toEqual([]);
  await expectNoFatal(page);
});

test('impulse mode maps the recurrences alone', async ({ page }) => {
  const errors = collectErrors(page);
  await openEdited(page, (scene) => {
    scene.steps = 500;
    scene.runs = [scene.runs.find((r) => r.optimizer === 'adam')];
    scene.runs[0].hyper.eps = 0;
    scene.selected = scene.runs[0].id;
  });
  await page.locator('#map-on').check();
  await page.locator('#map-resolution').selectOption('16');
  await expect(page.locator('#map-scope')).toContainText('landscape, start, noise');
  await page.locator('#map-impulse').check();
  await expect(page.locator('#map-scope')).toContainText('fed the impulse');
  await expect.poll(() => progress(page), { timeout: MAP_TIMEOUT_MS }).toBe(1);
  await expect(page.locator('#map-status')).toHaveText(/256 runs measured/);
  const grows = await at(page, 0.9, 0.999);
  await page.mouse.move(grows.x, grows.y);
  await expect(page.locator('#map-hover')).toHaveText(/grows/);
  const calm = await at(page, 0.999, 0.9);
  await page.mouse.move(calm.x, calm.y);
  await expect(page.locator('#map-hover')).not.toHaveText(/grows/);
  expect(errors).toEqual([]);
});

/** Client coordinates of (decay, η) on the η map: decays as on the diagram, η from 1e-4 to 1. */
async function atEta(page, decay, eta) {
  const box = await page.locator('#map-grid').boundingBox();
  if (!box) throw new Error('no η map');
  const u = Math.min(1, -Math.log10(1 - decay) / 4);
  const w = (Math.log10(eta) + 4) / 4;
  const k = box.width / 300;
  return { x: box.x + (56 + u * (282 - 56)) * k, y: box.y + (256 - w * (256 - 12)) * k };
}

test('η as an axis: the map gets a plot of its own, its columns follow the verdict, a click sets η and β', async ({ page }) => {
  const errors = collectErrors(page);
  await openEdited(page, (scene) => {
    scene.steps = 300;
    scene.runs = [scene.runs.find((r) => r.optimizer === 'adam')];
    scene.runs[0].hyper.eps = 0;
    scene.runs[0].hyper.beta1 = 0.99;
    scene.selected = scene.runs[0].id;
  });
  await page.locator('#map-on').check();
  await page.locator('#map-resolution').selectOption('16');
  await expect.poll(() => progress(page), { timeout: MAP_TIMEOUT_MS }).toBe(1);
  const phaseWithMap = await canvasDigest(page, '#phase');
  await page.locator('#map-axes').selectOption('beta-eta');
  await page.locator('#map-impulse').check();
  await expect.poll(() => progress(page), { timeout: MAP_TIMEOUT_MS }).toBe(1);
  await expect(page.locator('#map-status')).toHaveText(/256 runs measured/);
  // The diagram goes back to the formula's shading; the η map is drawn on its own canvas.
  await expect.poll(async () => (await canvasDigest(page, '#phase')).hash).not.toBe(phaseWithMap.hash);
  expect((await canvasDigest(page, '#map-grid')).opaque).toBeGreaterThan(20_000);
  await screenshot(page, 'map-eta.png');
  // Impulse mode: Adam's u does not depend on η, so each column grows or not as the verdict
  // at γ = 0.99 says: above for β < γ² = 0.98.
  for (const eta of [0.001, 0.1]) {
    const grows = await atEta(page, 0.95, eta);
    await page.mouse.move(grows.x, grows.y);
    await expect(page.locator('#map-grid-hover')).toHaveText(/β = β2 = .*η = .*grows/);
    const calm = await atEta(page, 0.999, eta);
    await page.mouse.move(calm.x, calm.y);
    await expect(page.locator('#map-grid-hover')).toHaveText(/β = β2 = .*η = /);
    await expect(page.locator('#map-grid-hover')).not.toHaveText(/grows/);
  }
  // A click sets η and β to the cell's, and the verdict follows.
  const target = await atEta(page, 0.95, 0.1);
  await page.mouse.click(target.x, target.y);
  await expect(page.locator('#stability')).toHaveText(/unstable/);
  await expect(page.locator('input.typed[data-control="ctl-lr"]')).toHaveValue(/^0\.(09|1)/);
  expect(errors).toEqual([]);
  await expectNoFatal(page);
});

test('a line drawn on the map charts the measured growth against the paper and the exact rate', async ({ page }) => {
  const errors = collectErrors(page);
  await openAdamOnPlateau(page);
  await page.locator('#map-on').check();
  await expect.poll(() => progress(page), { timeout: MAP_TIMEOUT_MS }).toBe(1);
  await page.locator('#map-line').check();
  const verdict = await page.locator('#stability').textContent();
  // From the stable corner across the boundary into the growing one.
  const a = await at(page, 0.999, 0.9);
  const b = await at(page, 0.9, 0.999);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
  // Drawing a line leaves the run where it was.
  await expect(page.locator('#stability')).toHaveText(verdict || '');
  const colours = await page.evaluate(() => {
    const c = /** @type {HTMLCanvasElement} */ (document.querySelector('#map-profile'));
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const near = (i, [r, g, b]) => Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 40;
    let measured = 0;
    let exact = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (near(i, [0x56, 0xb4, 0xe9])) measured += 1;
      if (near(i, [0xff, 0xb0, 0x00])) exact += 1;
    }
    return { measured, exact };
  });
  expect(colours.measured, 'the measured line is drawn').toBeGreaterThan(100);
  expect(colours.exact, 'the exact rate is drawn').toBeGreaterThan(50);
  expect(errors).toEqual([]);
});

test('the page computes the same cells as optiscape sweep', async ({ page }) => {
  const { execFileSync } = require('child_process');
  const path = require('path');
  const fs = require('fs');
  // The command line the native tests build (the README's test command builds it first).
  const target = process.env.CARGO_TARGET_DIR || path.join(__dirname, '..', '..', 'target');
  const bin = path.join(target, 'debug', 'optiscape');
  expect(fs.existsSync(bin), `${bin} exists (cargo build)`).toBe(true);
  const n = 12;
  const csv = execFileSync(bin, ['sweep', '--optimizer', 'adam', '--landscape', 'plateau', '--lr', '0.05',
    '--eps', '0', '--start', '1,1', '--steps', '300', '--x', `beta2:0:0.9999:${n}`, '--y', `beta1:0:0.9999:${n}`], { encoding: 'utf8' });
  const [head, ...lines] = csv.trim().split('\n');
  const cols = head.split(',');
  const cli = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v === '' ? null : Number.isNaN(Number(v)) ? v : Number(v)])));
  expect(cli).toHaveLength(n * n);

  // The page has drawn, so its WebAssembly is running.
  await openDefault(page);
  const sweep = {
    base: { optimizer: 'adam', hyper: { lr: 0.05, eps: 0 }, landscape: { name: 'plateau' }, start: [1, 1], steps: 300, noise: { model: 'none' }, seed: 0 },
    grid: { x: { key: 'beta2', lo: 0, hi: 0.9999, n }, y: { key: 'beta1', lo: 0, hi: 0.9999, n } },
  };
  // What the map's workers call, on every cell in a scrambled order, in two chunks through one
  // sweeper (the second reuses the first's tables).
  const order = Array.from({ length: n * n }, (_, i) => (i * 37) % (n * n));
  const rows = await page.evaluate(({ json, order }) => {
    const sweeper = new window['optiscape'].SweepWorker();
    const half = order.length >> 1;
    const first = sweeper.rows(json, Uint32Array.from(order.slice(0, half)));
    const second = sweeper.rows(json, Uint32Array.from(order.slice(half)));
    sweeper.free();
    return [...first, ...second];
  }, { json: JSON.stringify(sweep), order });
  const ROW = 8;
  expect(rows).toHaveLength(n * n * ROW);
  const rel = (a, b) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
  let worst = 0;
  for (let k = 0; k < n * n; k += 1) {
    const [index, x, y, growth, finalUpdate, finalLoss, diverged, distance] = rows.slice(k * ROW, (k + 1) * ROW);
    const c = cli[index];
    expect([x, y], `cell ${index}'s axis values`).toEqual([c.beta2, c.beta1]);
    expect(Number.isNaN(diverged) ? null : diverged, `cell ${index} diverged at`).toBe(c.diverged_at);
    expect(Number.isNaN(distance) ? null : 1, `cell ${index} has a distance`).toBe(c.distance === null ? null : 1);
    worst = Math.max(worst, rel(finalLoss, c.final_loss), rel(finalUpdate, c.final_update), Math.abs(growth - c.growth));
  }
  expect(worst, 'wasm and native agree').toBeLessThan(1e-9);
});

test('the measured-map lesson opens the map on its scene', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await page.selectOption('#preset', 'stability-map');
  await expect(page.locator('#map-on')).toBeChecked();
  await expect.poll(() => progress(page), { timeout: MAP_TIMEOUT_MS }).toBe(1);
  await expect(page.locator('#lesson')).toContainText('γ = √β');
  const grows = await at(page, 0.9, 0.999);
  await page.mouse.move(grows.x, grows.y);
  await expect(page.locator('#map-hover')).toHaveText(/grows|diverged/);
  const calm = await at(page, 0.999, 0.9);
  await page.mouse.move(calm.x, calm.y);
  await expect(page.locator('#map-hover')).not.toHaveText(/grows/);
  expect(errors).toEqual([]);
});

test('the tied k-Adam lesson opens the impulse map, where the stack grows nowhere and Adam does', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await page.selectOption('#preset', 'kadam-tied');
  await expect(page.locator('#map-on')).toBeChecked();
  await expect(page.locator('#map-impulse')).toBeChecked();
  await expect(page.locator('#level-note')).toContainText('all 2 levels equal');
  await expect.poll(() => progress(page), { timeout: MAP_TIMEOUT_MS }).toBe(1);
  const outside = await at(page, 0.9, 0.999);
  await page.mouse.move(outside.x, outside.y);
  await expect(page.locator('#map-hover')).toHaveText(/bounded|decays/);
  // Adam, the lesson's first run: the same cell grows.
  await page.locator(".legend li.entry[data-run='1'] button.name").click();
  await expect(page.locator('#level-note')).toHaveCount(0);
  await expect.poll(() => progress(page), { timeout: MAP_TIMEOUT_MS }).toBe(1);
  const again = await at(page, 0.9, 0.999);
  await page.mouse.move(again.x, again.y);
  await expect(page.locator('#map-hover')).toHaveText(/grows|diverged/);
  expect(errors).toEqual([]);
});

test('"all levels = level 1" ties a stack: a click on the diagram then moves level 1', async ({ page }) => {
  await openDefault(page);
  await page.locator(".legend li.entry[data-run='4'] button.name").click();
  await expect(page.locator('#level-note')).toContainText('set level 2 (the last)');
  await page.locator('#levels-tie').click();
  await expect(page.locator('#level-note')).toContainText('all 2 levels equal');
  const gamma = page.locator('input.typed[data-control="ctl-beta1"]');
  const before = await gamma.inputValue();
  const target = await at(page, 0.9, 0.999);
  await page.mouse.click(target.x, target.y);
  await expect(gamma).not.toHaveValue(before);
  await expect(page.locator('#stability')).toHaveText(/stays bounded/);
});

test('on a stack, the diagram and the map set the level picked', async ({ page }) => {
  await openDefault(page);
  await page.locator(".legend li.entry[data-run='4'] button.name").click();
  const picker = page.locator('#diagram-level');
  await expect(picker).toHaveValue('2');
  const gamma = page.locator('input.typed[data-control="ctl-beta1"]');
  const level1 = await gamma.inputValue();
  // Level 2 picked (the default): a click leaves level 1's γ alone.
  let target = await at(page, 0.9, 0.999);
  await page.mouse.click(target.x, target.y);
  await expect(page.locator('#theory')).toContainText(/level 2: β = β2 = 0\.(89|90)/);
  await expect(gamma).toHaveValue(level1);
  // Level 1 picked: the same click moves level 1's γ, and the readout says level 1.
  await picker.selectOption('1');
  await expect(page.locator('#level-note')).toContainText('set level 1;');
  target = await at(page, 0.9, 0.999);
  await page.mouse.click(target.x, target.y);
  await expect(gamma).not.toHaveValue(level1);
  await expect(page.locator('#theory')).toContainText(/level 1: β = β2 = 0\.(89|90)/);
});

test('the ADOPT map lesson shows final losses below 0 for ADOPT and near the worst corner for Adam', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await page.selectOption('#preset', 'adopt-map');
  await expect(page.locator('#map-on')).toBeChecked();
  await expect(page.locator('#map-impulse')).not.toBeChecked();
  await expect(page.locator('#map-measure')).toHaveValue('loss');
  await expect.poll(() => progress(page), { timeout: MAP_TIMEOUT_MS }).toBe(1);
  const loss = async (beta, gamma) => {
    const p = await at(page, beta, gamma);
    await page.mouse.move(p.x, p.y);
    const text = await page.locator('#map-hover').textContent();
    const m = /final loss (-?[0-9.e+-]+)/.exec(text || '');
    if (!m) throw new Error(`no final loss in "${text}"`);
    return Number(m[1]);
  };
  for (const [beta, gamma] of [[0.7, 0.5], [0.5, 0.3], [0.999, 0.9]]) {
    expect(await loss(beta, gamma), `ADOPT at (${beta}, ${gamma})`).toBeLessThan(0);
  }
  // Losses below 0 get a linear scale: the map is not one colour.
  const shades = await page.evaluate(() => {
    const c = /** @type {HTMLCanvasElement} */ (document.querySelector('#phase'));
    // The plot's inside (the diagram is 300 units wide, its plot from 56 to 282 across and
    // 12 to 256 down), where the cells are painted.
    const k = c.width / 300;
    const [x0, y0, w, h] = [60 * k, 16 * k, 218 * k, 236 * k].map(Math.round);
    const d = c.getContext('2d')?.getImageData(x0, y0, w, h).data || [];
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 53) seen.add(`${d[i] >> 3},${d[i + 1] >> 3},${d[i + 2] >> 3}`);
    return seen.size;
  });
  expect(shades, 'distinct colours on the map').toBeGreaterThan(40);
  await page.locator(".legend li.entry[data-run='1'] button.name").click();
  await expect.poll(() => progress(page), { timeout: MAP_TIMEOUT_MS }).toBe(1);
  expect(await loss(0.7, 0.5), 'Adam at (0.7, 0.5)').toBeGreaterThan(1);
  expect(await loss(0.999, 0.9), 'Adam at (0.999, 0.9)').toBeLessThan(0);
  expect(errors).toEqual([]);
});

test('a worker that cannot load is reported in one line, and the page goes on', async ({ page }) => {
  await page.route('**/sweep-worker.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await openDefault(page);
  await page.locator('#map-on').check();
  await expect(page.locator('#map-status')).toHaveText(/The map stopped: a worker of the map stopped/, { timeout: MAP_TIMEOUT_MS });
  // The page still works: a slider still moves the run.
  const box = page.locator('input.typed[data-control="ctl-beta2"]');
  const before = await box.inputValue();
  await page.locator('#ctl-beta2').fill('300');
  await expect(box).not.toHaveValue(before);
  await expectNoFatal(page);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('a tap on the phase diagram sets β and γ', async ({ page }) => {
    await openDefault(page);
    await page.locator('#phase').scrollIntoViewIfNeeded();
    const target = await at(page, 0.9, 0.999);
    await page.touchscreen.tap(target.x, target.y);
    await expect(page.locator('#stability')).toHaveText(/unstable/);
    const beta = Number(await page.locator('input.typed[data-control="ctl-beta2"]').inputValue());
    expect(Math.abs(beta - 0.9), `β = ${beta}, the tapped pixel's`).toBeLessThan(0.01);
  });
});
