// @ts-check
// Export: the map with its runs and legend and each chart as PNG, every run as CSV and JSON
// (the rows of `optiscape run`), and the animation as WebM where the browser can record it.
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { test, expect } = require('@playwright/test');
const { collectErrors, openDefault, pauseAtEnd, screenshot, UPDATE_TIMEOUT_MS } = require('./helpers');

test.describe.configure({ timeout: 90_000 });

/** Chooses an export and returns the download it starts. */
async function exportAs(page, what) {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.locator('#export').selectOption(what),
  ]);
  return download;
}

async function text(download) {
  return fs.readFileSync(await download.path(), 'utf8');
}

/** Width, height and how many pixels are neither transparent nor the page's background, read
 * by the browser in a blank page (the app's policy rightly refuses data: images). */
async function decodePng(context, file) {
  const b64 = fs.readFileSync(file).toString('base64');
  const blank = await context.newPage();
  const info = await blank.evaluate(async (data) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + data;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set();
    let painted = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 0 && !(d[i] === 0x10 && d[i + 1] === 0x14 && d[i + 2] === 0x18)) painted += 1;
      if (i % 64 === 0) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    }
    return { width: c.width, height: c.height, painted, colours: colours.size };
  }, b64);
  await blank.close();
  return info;
}

function cli(args) {
  const target = process.env.CARGO_TARGET_DIR || path.join(__dirname, '..', '..', 'target');
  const bin = path.join(target, 'debug', 'optiscape');
  expect(fs.existsSync(bin), `${bin} exists (cargo build)`).toBe(true);
  return execFileSync(bin, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
}

test('the map exports as a PNG of its size with the runs and legend drawn in', async ({ page, context }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await pauseAtEnd(page);
  const d = await exportAs(page, 'map');
  expect(d.suggestedFilename()).toBe('optiscape-map.png');
  const png = await decodePng(context, await d.path());
  const size = await page.locator('canvas#landscape').evaluate((c) => [/** @type {HTMLCanvasElement} */ (c).width, /** @type {HTMLCanvasElement} */ (c).height]);
  expect([png.width, png.height]).toEqual(size);
  expect(png.painted).toBeGreaterThan(0.9 * png.width * png.height);
  expect(png.colours).toBeGreaterThan(50);
  // The menu goes back to its prompt, ready for the next export.
  await expect(page.locator('#export')).toHaveValue('');
  expect(errors).toEqual([]);
});

test('each chart exports as a PNG', async ({ page, context }) => {
  await openDefault(page);
  await pauseAtEnd(page);
  const figures = await page.locator('section.charts figure.chart').count();
  expect(figures).toBeGreaterThan(2);
  const downloads = [];
  page.on('download', (d) => downloads.push(d));
  await page.locator('#export').selectOption('charts');
  await expect.poll(() => downloads.length, { timeout: UPDATE_TIMEOUT_MS }).toBe(figures);
  const names = downloads.map((d) => d.suggestedFilename());
  expect(names).toContain('optiscape-chart-loss.png');
  const png = await decodePng(context, await downloads[0].path());
  const size = await page.locator('section.charts canvas.chart-plot').first().evaluate((c) => [/** @type {HTMLCanvasElement} */ (c).width, /** @type {HTMLCanvasElement} */ (c).height]);
  expect([png.width, png.height]).toEqual(size);
  expect(png.painted).toBeGreaterThan(500);
});

test('CSV and JSON of every run are what optiscape run prints for it', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  const csv = await text(await exportAs(page, 'csv'));
  const [head, ...rows] = csv.trim().split('\n');
  const want = cli(['run', '--optimizer', 'adam', '--landscape', 'rosenbrock', '--start=-1.2,1',
    '--steps', '1000', '--seed', '1', '--lr', '0.05']).trim().split('\n');
  expect(head).toBe('run,' + want[0]);
  const adam = rows.filter((r) => r.startsWith('2,')).map((r) => r.slice(2));
  expect(adam.length).toBe(want.length - 1);
  // The same rows; wasm's libm may round a power or a logarithm one ulp away from the
  // native one, so values agree to a relative 1e-9 rather than bit for bit.
  let worst = 0;
  adam.forEach((row, i) => {
    const a = row.split(',').map(Number);
    const b = want[i + 1].split(',').map(Number);
    expect(a.length).toBe(b.length);
    expect(a[0]).toBe(b[0]);
    a.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - b[j]) / Math.max(1, Math.abs(b[j]))); });
  });
  console.log(`largest relative difference from optiscape run: ${worst}`);
  expect(worst).toBeLessThan(1e-9);
  // Every run is there, each from step 0, and every cell is a number.
  const ids = [...new Set(rows.map((r) => r.split(',')[0]))];
  expect(ids).toEqual(['1', '2', '3', '4']);
  for (const r of rows.slice(0, 50)) expect(r.split(',').every((v) => !Number.isNaN(Number(v)))).toBe(true);

  const json = JSON.parse(await text(await exportAs(page, 'json')));
  expect(json.map((d) => d.run)).toEqual([1, 2, 3, 4]);
  const cliJson = JSON.parse(cli(['run', '--optimizer', 'adopt', '--landscape', 'rosenbrock', '--start=-1.2,1',
    '--steps', '1000', '--seed', '1', '--lr', '0.05', '--beta2', '0.9', '--format', 'json']));
  expect(json[2].output.config).toEqual(cliJson.config);
  expect(json[2].output.steps.length).toBe(cliJson.steps.length);
  expect(json[2].output.diverged).toEqual(cliJson.diverged);
  expect(Object.keys(json[2].output.steps[7]).sort()).toEqual(Object.keys(cliJson.steps[7]).sort());
  for (const [i, s] of json[2].output.steps.entries()) {
    expect(Math.abs(s.loss - cliJson.steps[i].loss)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(cliJson.steps[i].loss)));
  }
  expect(errors).toEqual([]);
});

test('the animation records as WebM with a progress readout, or says why it cannot', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await page.locator('#speed').selectOption('20');
  const canRecord = await page.evaluate(() => typeof MediaRecorder === 'function' && MediaRecorder.isTypeSupported('video/webm'));
  if (!canRecord) {
    await page.locator('#export').selectOption('webm');
    await expect(page.locator('#message')).toContainText('cannot record video');
    return;
  }
  const downloading = page.waitForEvent('download', { timeout: 60_000 });
  await page.locator('#export').selectOption('webm');
  await expect(page.locator('#export-progress')).toContainText(/recording \d+%/);
  const d = await downloading;
  expect(d.suggestedFilename()).toBe('optiscape.webm');
  const bytes = fs.readFileSync(await d.path());
  expect(bytes.length).toBeGreaterThan(1000);
  // EBML magic: a WebM (Matroska) file.
  expect(bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
  await expect(page.locator('#export-progress')).toHaveText('video saved');
  await screenshot(page, 'export-video.png');
  expect(errors).toEqual([]);
});

test('exporting breaks no rule of the page policy', async ({ page }) => {
  await page.addInitScript(() => {
    // @ts-ignore
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      // @ts-ignore
      window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI}`);
    });
  });
  await openDefault(page);
  await exportAs(page, 'map');
  await exportAs(page, 'csv');
  // @ts-ignore
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
});
