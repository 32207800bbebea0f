// @ts-check
// A landscape from data: choosing it redraws the map and shows the data with the run's model,
// minibatches draw real batches with the seed, and a link holds the dataset's settings.
const { test, expect } = require('@playwright/test');
const { collectErrors, openDefault, openEdited, readScene, canvasDigest, typeValue, pauseAtEnd, expectNoFatal, screenshot, UPDATE_TIMEOUT_MS } = require('./helpers');

test('logistic regression on data: the map, the inset, minibatches and the link', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  const before = await canvasDigest(page, 'canvas#landscape');
  await page.selectOption('#ctl-landscape', 'data-logistic');
  await expect(page.locator('.scene-controls .formula')).toContainText('log(1 + exp(', { timeout: UPDATE_TIMEOUT_MS });
  await expect(page.locator('#minima-note')).toContainText("Newton's method");
  await expect.poll(async () => (await canvasDigest(page, 'canvas#landscape')).hash).not.toBe(before.hash);
  await expect.poll(async () => (await canvasDigest(page, '#data-inset')).opaque).toBeGreaterThan(10_000);
  // The link is written just after the frame.
  await expect.poll(async () => (await readScene(page)).landscape).toEqual({ name: 'data', model: 'logistic', n: 200, spread: 2, seed: 1 });

  // Minibatches are offered on data only; a batch size and a seed set the path.
  await page.selectOption('#ctl-noise', 'minibatch');
  await expect(page.locator('#batch-note')).toContainText('16 points');
  await typeValue(page, 'ctl-batch', '4');
  await expect(page.locator('#batch-note')).toContainText('mean over 4 points');
  await expect.poll(async () => (await readScene(page)).noise).toEqual({ model: 'minibatch', batch: 4 });
  const inset = await canvasDigest(page, '#data-inset');
  await typeValue(page, 'ctl-data-spread', '0.5');
  await expect(page.locator('.scene-controls .formula')).toContainText('0.5 sd apart');
  await expect.poll(async () => (await canvasDigest(page, '#data-inset')).hash).not.toBe(inset.hash);
  // The inset follows the shown step: the run's w at its start draws another line than at its end.
  await pauseAtEnd(page);
  const atEnd = await canvasDigest(page, '#data-inset');
  await page.locator('#timeline').evaluate((el) => {
    const input = /** @type {HTMLInputElement} */ (el);
    input.value = '0';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect.poll(async () => (await canvasDigest(page, '#data-inset')).hash).not.toBe(atEnd.hash);
  await page.locator('#data-panel').scrollIntoViewIfNeeded();
  await screenshot(page, 'data-logistic.png');

  // Another landscape leaves minibatches, which it cannot feed.
  await page.selectOption('#ctl-landscape', 'rosenbrock');
  await expect.poll(async () => (await readScene(page)).noise.model).toBe('none');
  await expect(page.locator('#ctl-landscape')).toHaveValue('rosenbrock');
  await expect(page.locator('#ctl-noise option[value="minibatch"]')).toHaveCount(0);
  expect(errors).toEqual([]);
  await expectNoFatal(page);
});

test('a link with data and minibatches opens on them, and a tampered one says why', async ({ page }) => {
  const errors = collectErrors(page);
  await openEdited(page, (scene) => {
    scene.landscape = { name: 'data', model: 'linear', n: 300, spread: 0.9, seed: 3 };
    scene.noise = { model: 'minibatch', batch: 8 };
    scene.start = [-1, 2];
  });
  await expect(page.locator('#ctl-landscape')).toHaveValue('data-linear');
  await expect(page.locator('.scene-controls .formula')).toContainText('correlated 0.9');
  await expect(page.locator('#batch-note')).toContainText('mean over 8 points');
  await openEdited(page, (scene) => {
    scene.landscape = { name: 'data', model: 'linear', n: 300, spread: 1.5, seed: 3 };
  });
  await expect(page.locator('#message')).toContainText('correlation');
  expect(errors).toEqual([]);
  await expectNoFatal(page);
});

test('the page draws the same minibatches as optiscape run for the same seeds', async ({ page }) => {
  const fs = require('fs');
  const path = require('path');
  const { execFileSync } = require('child_process');
  const errors = collectErrors(page);
  const scene = await openEdited(page, (s) => {
    s.landscape = { name: 'data', model: 'logistic', n: 120, spread: 1.5, seed: 2 };
    s.noise = { model: 'minibatch', batch: 8 };
    s.seed = 3;
    s.steps = 200;
    s.start = [-1.25, 2.5];
    s.runs = [s.runs.find((r) => r.optimizer === 'adam')];
    s.selected = s.runs[0].id;
  });
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.locator('#export').selectOption('csv'),
  ]);
  const rows = fs.readFileSync(await download.path(), 'utf8').trim().split('\n').slice(1).map((r) => r.split(',').slice(1).map(Number));
  const target = process.env.CARGO_TARGET_DIR || path.join(__dirname, '..', '..', 'target');
  const bin = path.join(target, 'debug', 'optiscape');
  expect(fs.existsSync(bin), `${bin} exists (cargo build)`).toBe(true);
  const lr = String(scene.runs[0].hyper.lr);
  const want = execFileSync(bin, ['run', '--optimizer', 'adam', '--data', 'logistic', '--data-n', '120', '--spread', '1.5',
    '--data-seed', '2', '--noise', 'minibatch', '--batch', '8', '--seed', '3', '--steps', '200', '--lr', lr,
    '--start=-1.25,2.5'], { encoding: 'utf8' }).trim().split('\n').slice(1).map((r) => r.split(',').map(Number));
  expect(rows.length).toBe(want.length);
  let worst = 0;
  rows.forEach((r, i) => r.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - want[i][j]) / Math.max(1, Math.abs(want[i][j]))); }));
  expect(worst, 'page and command line agree').toBeLessThan(1e-9);
  // Not a trivially equal path: the batches move it off the full-batch one.
  expect(new Set(rows.slice(1, 20).map((r) => r[3].toFixed(6))).size).toBeGreaterThan(5);
  expect(errors).toEqual([]);
});

test.describe('on a 2× screen', () => {
  test.use({ deviceScaleFactor: 2 });
  test("the data's inset is drawn at twice its shown size, its points filling it as at 1×", async ({ page }) => {
    await openDefault(page);
    await page.selectOption('#ctl-landscape', 'data-logistic');
    const inset = page.locator('#data-inset');
    await expect.poll(async () => (await canvasDigest(page, '#data-inset')).opaque).toBeGreaterThan(4 * 10_000);
    const size = await inset.evaluate((c) => {
      const canvas = /** @type {HTMLCanvasElement} */ (c);
      return { w: canvas.width, css: canvas.getBoundingClientRect().width };
    });
    expect(size.w).toBe(Math.round(2 * size.css));
  });
});
