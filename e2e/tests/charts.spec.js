// @ts-check
// The charts under the map: drawn at their shown size times the device ratio at any viewport,
// with axis titles, and reading each shown run's value at the step under the pointer or the
// keyboard into a line under the plot.
const fs = require('fs');
const { test, expect } = require('@playwright/test');
const { collectErrors, openDefault, openEdited, pauseAtEnd, readScene, screenshot, adamwScaleInvariant, UPDATE_TIMEOUT_MS } = require('./helpers');

test.describe.configure({ timeout: 90_000 });

/** Waits until every chart under the map has been drawn (its overlay knows its plot). */
async function chartsDrawn(page) {
  await expect
    .poll(() => page.locator('section.charts canvas.chart-cursor[data-x0]').count(), { timeout: UPDATE_TIMEOUT_MS })
    .toBe(6);
}

/** Each chart canvas's drawing size, shown size and device ratio, once they agree or time out. */
async function sizes(page) {
  return page.evaluate(() => [...document.querySelectorAll('canvas.chart-plot')].map((c) => {
    const canvas = /** @type {HTMLCanvasElement} */ (c);
    const r = canvas.getBoundingClientRect();
    return { id: canvas.closest('figure')?.id, w: canvas.width, h: canvas.height, cssW: r.width, cssH: r.height, ratio: devicePixelRatio };
  }));
}

/** Pixels in a rectangle of a canvas (device pixels) that differ from its background. */
async function drawnIn(page, selector, [x0, y0, x1, y1]) {
  return page.evaluate(([sel, box]) => {
    const c = /** @type {HTMLCanvasElement} */ (document.querySelector(sel));
    const ctx = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
    const [a, b, w, h] = [Math.round(box[0]), Math.round(box[1]), Math.round(box[2] - box[0]), Math.round(box[3] - box[1])];
    const d = ctx.getImageData(a, b, w, h).data;
    const bg = [0x1a, 0x20, 0x27];
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) > 60) n += 1;
    }
    return n;
  }, [selector, [x0, y0, x1, y1]]);
}

/** The plot's pixel frame, from the overlay's data attributes. */
async function frameOf(page, id) {
  return page.locator(`#${id} canvas.chart-cursor`).evaluate((c) => {
    const d = /** @type {HTMLElement} */ (c).dataset;
    return { x0: Number(d.x0), x1: Number(d.x1), y0: Number(d.y0), y1: Number(d.y1), s0: Number(d.s0), s1: Number(d.s1) };
  });
}

async function checkSizesAndTitles(page, name) {
  const errors = collectErrors(page);
  await openDefault(page);
  await chartsDrawn(page);
  // Every chart on the page, the implicit-bias ones too, at its shown size in device pixels.
  await expect
    // (A canvas not shown, as the ADOPT toy's before it runs, has no shown size to follow.)
    .poll(async () => (await sizes(page)).filter((s) => s.cssW > 0 && (Math.abs(s.w - s.cssW * s.ratio) > 1.01 || Math.abs(s.h - s.cssH * s.ratio) > 1.01)), { timeout: UPDATE_TIMEOUT_MS })
    .toEqual([]);
  const all = (await sizes(page)).filter((s) => s.cssW > 0);
  expect(all.map((s) => s.id)).toEqual(expect.arrayContaining(['chart-loss', 'chart-eff', 'chart-one-norm']));
  const ratio = all[0].ratio;
  for (const s of all) expect(s.cssW, `${s.id} is laid out`).toBeGreaterThan(100);
  // Titles: named for a screen reader and drawn left of the y ticks and below the x ticks.
  for (const [id, y] of [['chart-loss', 'f(θ), log scale'], ['chart-update', '‖u‖∞, log scale'], ['chart-grad', '‖∇f‖, log scale'], ['chart-v', 'v, log scale']]) {
    const plot = page.locator(`#${id} canvas.chart-plot`);
    await expect(plot).toHaveAttribute('data-y-title', y);
    await expect(plot).toHaveAttribute('data-x-title', 'step');
    await expect(plot).toHaveAttribute('aria-label', `${y} against step`);
    const f = await frameOf(page, id);
    const sel = `#${id} canvas.chart-plot`;
    const yTitle = await drawnIn(page, sel, [2 * ratio, f.y0, 28 * ratio, f.y1]);
    const xTitle = await drawnIn(page, sel, [f.x0, f.y1 + 26 * ratio, f.x1, (await plot.evaluate((c) => /** @type {HTMLCanvasElement} */ (c).height)) - 1]);
    expect(yTitle, `${id}: y title pixels`).toBeGreaterThan(30 * ratio);
    expect(xTitle, `${id}: x title pixels`).toBeGreaterThan(15 * ratio);
  }
  await screenshot(page, `charts-${name}.png`);
  expect(errors).toEqual([]);
}

for (const [name, viewport, deviceScaleFactor] of [
  ['1280', { width: 1280, height: 720 }, 1],
  ['390', { width: 390, height: 844 }, 1],
  ['1280-2x', { width: 1280, height: 720 }, 2],
]) {
  test.describe(`at ${viewport.width}×${viewport.height}, ratio ${deviceScaleFactor}`, () => {
    test.use({ viewport, deviceScaleFactor });
    test('every chart is drawn at its shown size and names its axes', async ({ page }) => {
      await checkSizesAndTitles(page, name);
    });
  });
}

test('a chart redraws at its new size when the window narrows', async ({ page }) => {
  await openDefault(page);
  await chartsDrawn(page);
  const before = (await sizes(page)).find((s) => s.id === 'chart-loss');
  await page.setViewportSize({ width: 600, height: 800 });
  await expect
    .poll(async () => {
      const s = (await sizes(page)).find((x) => x.id === 'chart-loss');
      return s && s.w !== before.w && Math.abs(s.w - s.cssW * s.ratio) <= 1.01;
    }, { timeout: UPDATE_TIMEOUT_MS })
    .toBe(true);
});

/** The page's CSV export as rows of numbers by column name. */
async function exportRows(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.locator('#export').selectOption('csv'),
  ]);
  const [head, ...rows] = fs.readFileSync(await download.path(), 'utf8').trim().split('\n');
  const cols = head.split(',');
  return rows.map((r) => {
    const v = r.split(',').map(Number);
    return Object.fromEntries(cols.map((c, i) => [c, v[i]]));
  });
}

/** The runs' losses by run id and step, from the page's CSV export. */
async function lossesFromCsv(page) {
  const rows = await exportRows(page);
  expect(rows[0].loss, 'the CSV has a loss column').not.toBeUndefined();
  return new Map(rows.map((r) => [`${r.run}:${r.step}`, r.loss]));
}

/** The selected run's export rows by step. */
async function selectedRows(page) {
  const scene = await readScene(page);
  const run = scene.runs.find((r) => r.id === scene.selected);
  const rows = (await exportRows(page)).filter((r) => r.run === run.id);
  expect(rows.length, 'the selected run is exported').toBeGreaterThan(0);
  return { run, byStep: new Map(rows.map((r) => [r.step, r])) };
}

/** Half a unit in the last digit a number is written with ("2.1e-3" → 5e-5). */
function halfLastDigit(text) {
  const [m, e] = text.split('e');
  const decimals = (m.split('.')[1] || '').length;
  return 0.5 * 10 ** (-decimals + Number(e || 0));
}

/** "step 412 · Adam 3.2e-3 · …" as the step and [label, value] pairs. */
function parseReadout(text) {
  const [first, ...rest] = text.split(' · ');
  const m = /^step (\d+)$/.exec(first);
  expect(m, `the readout starts with the step (got "${text}")`).not.toBeNull();
  return { step: Number(m[1]), values: rest.map((p) => [p.slice(0, p.lastIndexOf(' ')), p.slice(p.lastIndexOf(' ') + 1)]) };
}

/** Points at the middle of a chart's plot; returns the step expected there. */
async function pointAtMiddle(page, id) {
  const f = await frameOf(page, id);
  const plot = page.locator(`#${id} canvas.chart-plot`);
  await plot.scrollIntoViewIfNeeded();
  const box = await plot.boundingBox();
  const scale = box.width / (await plot.evaluate((c) => /** @type {HTMLCanvasElement} */ (c).width));
  await page.mouse.move(box.x + ((f.x0 + f.x1) / 2) * scale, box.y + ((f.y0 + f.y1) / 2) * scale);
  return (f.s0 + f.s1) / 2;
}

/** Yellow pixels of the hover line on a chart's overlay. */
async function hoverLine(page, id) {
  return page.locator(`#${id} canvas.chart-cursor`).evaluate((c) => {
    const canvas = /** @type {HTMLCanvasElement} */ (c);
    const d = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d')).getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 200 && d[i + 1] > 170 && d[i + 2] < 140 && d[i + 3] > 100) n += 1;
    return n;
  });
}

test('pointing at the loss chart reads every shown run\'s loss at that step; leaving clears it', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await pauseAtEnd(page);
  await chartsDrawn(page);
  const losses = await lossesFromCsv(page);
  const readout = page.locator('#chart-loss-readout');
  await expect(readout).toHaveAttribute('aria-live', 'polite');
  await expect(readout).toHaveText('');
  const ids = await page.locator('.legend li.entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-run')));
  const labels = await page.locator('.legend li.entry').evaluateAll((els) => els.map((e) => e.textContent || ''));

  const check = async (shown) => {
    const expected = await pointAtMiddle(page, 'chart-loss');
    await expect(readout).toHaveText(/^step \d+/);
    const r = parseReadout((await readout.textContent()) || '');
    expect(Math.abs(r.step - expected), `step ${r.step} against ${expected}`).toBeLessThanOrEqual(0.02 * expected);
    expect(r.values.length).toBe(shown.length);
    r.values.forEach(([label, value], i) => {
      const id = shown[i];
      expect(labels[ids.indexOf(id)], `run ${id} is "${label}" in the legend`).toContain(label);
      const want = losses.get(`${id}:${r.step}`);
      expect(want, `run ${id} has a loss at step ${r.step}`).not.toBeUndefined();
      expect(Math.abs(Number(value) - want), `${label}: ${value} against ${want}`).toBeLessThanOrEqual(halfLastDigit(value) * 1.0001);
    });
    expect(await hoverLine(page, 'chart-loss')).toBeGreaterThan(20);
    // Each run is named in its colour, the legend swatch's.
    const named = await readout.locator('span.run-name').evaluateAll((els) => els.map((e) => getComputedStyle(e).color));
    const swatches = await Promise.all(shown.map((id) => page.locator(`.legend li.entry[data-run='${id}'] .swatch`).evaluate((e) => getComputedStyle(e).backgroundColor)));
    expect(named).toEqual(swatches);
  };
  await check(ids);
  await screenshot(page, 'charts-hover.png');

  // Leaving the chart clears the reading and the line.
  await page.mouse.move(2, 2);
  await expect(readout).toHaveText('');
  await expect.poll(() => hoverLine(page, 'chart-loss')).toBe(0);

  // A hidden run is not read.
  const hidden = ids[1];
  await page.locator(`.legend li.entry[data-run="${hidden}"] button.swatch`).click();
  await expect(page.locator(`.legend li.entry[data-run="${hidden}"]`)).toHaveClass(/hidden/, { timeout: UPDATE_TIMEOUT_MS });
  await chartsDrawn(page);
  await page.waitForTimeout(300);
  await check(ids.filter((id) => id !== hidden));
  expect(errors).toEqual([]);
});

test('the keyboard reads a focused chart step by step and keeps its keys from the player', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await pauseAtEnd(page);
  await chartsDrawn(page);
  const stack = page.locator('#chart-grad .chart-stack');
  const readout = page.locator('#chart-grad-readout');
  await expect(stack).toHaveAttribute('tabindex', '0');
  await stack.focus();
  // Focus reads the shown step: the last one.
  const { s1 } = await frameOf(page, 'chart-grad');
  await expect(readout).toHaveText(new RegExp(`^step ${s1} · `));
  await page.keyboard.press('ArrowLeft');
  await expect(readout).toHaveText(new RegExp(`^step ${s1 - 1} · `));
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(readout).toHaveText(new RegExp(`^step ${s1 - 1 - Math.round(s1 / 20)} · `));
  await page.keyboard.press('Home');
  await expect(readout).toHaveText(/^step 0 · /);
  expect(await hoverLine(page, 'chart-grad')).toBeGreaterThan(20);
  // The player's keys stay with the page: → did not step it, Space does not play it.
  await page.keyboard.press('Space');
  await expect(page.locator('#play')).toHaveText(/Play/);
  // Leaving the chart clears the reading.
  await page.keyboard.press('Escape');
  await expect(readout).toHaveText('');
  // The next key starts again from the shown step.
  await page.keyboard.press('ArrowLeft');
  await expect(readout).toHaveText(new RegExp(`^step ${s1 - 1} · `));
  await stack.blur();
  await expect(readout).toHaveText('');
  expect(errors).toEqual([]);
});

/** Waits until the charts with these ids have been drawn (their overlays know their plots). */
async function drawn(page, ids) {
  for (const id of ids) {
    await expect(page.locator(`#${id} canvas.chart-cursor[data-x0]`)).toHaveCount(1, { timeout: UPDATE_TIMEOUT_MS });
  }
}

/** Checks a reading against the value `want` gives at its step, to the digits it shows (a
 * number at least, where `want` gives none). */
function expectReading(text, labels, want) {
  const r = parseReadout(text);
  expect(r.values.map(([label]) => label)).toEqual(labels);
  r.values.forEach(([label, value], i) => {
    const w = want(r.step, i);
    expect(Number.isFinite(Number(value)), `${label}: "${value}" is a number`).toBe(true);
    if (w !== undefined) expect(Math.abs(Number(value) - w), `${label} at step ${r.step}: ${value} against ${w}`).toBeLessThanOrEqual(halfLastDigit(value) * 1.0001);
  });
  return r;
}

test('the implicit-bias charts read the selected run\'s one-norm at a step, by pointer and keys', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await pauseAtEnd(page);
  const ids = ['chart-one-norm', 'chart-one-norm-integral'];
  await drawn(page, ids);
  const { run, byStep } = await selectedRows(page);
  // ‖∇E‖₁,ε = Σᵢ √(∂ᵢE² + ε) of the exported clean gradient, with the run's ε.
  const norm = (step) => {
    const r = byStep.get(step);
    expect(r, `the run has step ${step}`).not.toBeUndefined();
    return Math.sqrt(r.grad_x ** 2 + run.hyper.eps) + Math.sqrt(r.grad_y ** 2 + run.hyper.eps);
  };
  const readout = page.locator('#chart-one-norm-readout');
  await expect(readout).toHaveAttribute('aria-live', 'polite');
  await expect(readout).toHaveText('');

  const expected = await pointAtMiddle(page, 'chart-one-norm');
  await expect(readout).toHaveText(/^step \d+ · /);
  const middle = expectReading((await readout.textContent()) || '', ['‖∇E‖₁,ε'], norm);
  expect(Math.abs(middle.step - expected), `step ${middle.step} against ${expected}`).toBeLessThanOrEqual(0.02 * expected);
  expect(await hoverLine(page, 'chart-one-norm')).toBeGreaterThan(20);
  await screenshot(page, 'charts-ib-hover.png');

  // Farther along the axis the step and its value follow the pointer.
  const f = await frameOf(page, 'chart-one-norm');
  const box = await page.locator('#chart-one-norm canvas.chart-plot').boundingBox();
  const scale = box.width / (await page.locator('#chart-one-norm canvas.chart-plot').evaluate((c) => /** @type {HTMLCanvasElement} */ (c).width));
  await page.mouse.move(box.x + (f.x0 + (f.x1 - f.x0) * 0.2) * scale, box.y + ((f.y0 + f.y1) / 2) * scale);
  await expect(readout).not.toHaveText(new RegExp(`^step ${middle.step} · `));
  const early = expectReading((await readout.textContent()) || '', ['‖∇E‖₁,ε'], norm);
  expect(Math.abs(early.step - 0.2 * f.s1)).toBeLessThanOrEqual(0.02 * f.s1 + 1);

  // Leaving clears the reading and the line.
  await page.mouse.move(2, 2);
  await expect(readout).toHaveText('');
  await expect.poll(() => hoverLine(page, 'chart-one-norm')).toBe(0);

  // The keyboard: focus reads the middle of the axis, the arrows move it, Home and End go to
  // the ends; the player keeps none of these keys.
  const integral = page.locator('#chart-one-norm-integral-readout');
  const stack = page.locator('#chart-one-norm-integral .chart-stack');
  await stack.focus();
  const mid = Math.round((f.s0 + f.s1) / 2);
  await expect(integral).toHaveText(new RegExp(`^step ${mid} · ∫₀ᵗ ‖∇E‖₁,ε ds `));
  await page.keyboard.press('ArrowRight');
  await expect(integral).toHaveText(new RegExp(`^step ${mid + 1} · `));
  await page.keyboard.press('Home');
  await expect(integral).toHaveText(/^step 0 · ∫₀ᵗ ‖∇E‖₁,ε ds 0$/);
  await page.keyboard.press('End');
  await expect(integral).toHaveText(new RegExp(`^step ${f.s1} · `));
  await page.keyboard.press('Space');
  await expect(page.locator('#play')).toHaveText(/Play/);
  await page.keyboard.press('Escape');
  await expect(integral).toHaveText('');
  await stack.blur();
  expect(errors).toEqual([]);
});

test('the meta-adaptive charts read each line\'s value at a step', async ({ page }) => {
  const errors = collectErrors(page);
  await openEdited(page, adamwScaleInvariant);
  await pauseAtEnd(page);
  await drawn(page, ['chart-meta-norm', 'chart-meta-angle']);
  const { byStep } = await selectedRows(page);
  const readout = page.locator('#chart-meta-norm-readout');
  const expected = await pointAtMiddle(page, 'chart-meta-norm');
  await expect(readout).toHaveText(/^step \d+ · /);
  // ‖W‖² is the run's |θ|²; the prediction is only checked to be a number.
  const r = expectReading((await readout.textContent()) || '', ['‖W‖²', '(η/2λ)·EMA(‖u‖²)'], (step, i) => {
    const row = byStep.get(step);
    return i === 0 ? row.x ** 2 + row.y ** 2 : undefined;
  });
  expect(Math.abs(r.step - expected)).toBeLessThanOrEqual(0.02 * expected);
  expect(await hoverLine(page, 'chart-meta-norm')).toBeGreaterThan(20);
  await page.mouse.move(2, 2);
  await expect(readout).toHaveText('');

  const angle = page.locator('#chart-meta-angle-readout');
  await page.locator('#chart-meta-angle .chart-stack').focus();
  await page.keyboard.press('End');
  await expect(angle).toHaveText(/^step \d+ · angle of W -?[\d.e-]+ · 2-Adam \(γ₂ = 0\) -?[\d.e-]+$/);
  const end = parseReadout((await angle.textContent()) || '');
  // The angle is W's, unwrapped: a whole number of turns from atan2.
  const row = byStep.get(end.step);
  const turns = (Number(end.values[0][1]) - Math.atan2(row.y, row.x)) / (2 * Math.PI);
  expect(Math.abs(turns - Math.round(turns))).toBeLessThan(1e-2);
  await page.keyboard.press('ArrowLeft');
  await expect(angle).toHaveText(new RegExp(`^step ${end.step - 1} · `));
  expect(errors).toEqual([]);
});
