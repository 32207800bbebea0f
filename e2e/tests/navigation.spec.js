// @ts-check
// Moving around the map and through time, and the controls the other specs leave alone:
// wheel zoom, drag to pan, reset view, dragging the start marker, the timeline, bias
// correction, gradient noise and its seed, the quadratic's condition number.
const { test, expect } = require('@playwright/test');
const {
  collectErrors,
  waitDrawn,
  openDefault,
  readScene,
  pauseAtEnd,
  stepLabel,
  canvasDigest,
  snapshotCanvas,
  diffFromSnapshot,
  typeValue,
  screenshot,
  expectNoFatal,
  UPDATE_TIMEOUT_MS,
} = require('./helpers');

test.describe.configure({ timeout: 90_000 });

/** Where a point of the plane is on the screen (CSS pixels), for the view of `scene`. */
async function screenOf(page, scene, p) {
  const box = await page.locator('canvas#trajectory').boundingBox();
  if (!box) throw new Error('no trajectory canvas');
  const { x, y } = scene.view;
  return {
    x: box.x + ((p[0] - x[0]) / (x[1] - x[0])) * box.width,
    y: box.y + ((y[1] - p[1]) / (y[1] - y[0])) * box.height,
  };
}

const width = (v) => v[1] - v[0];

test('the wheel zooms about the pointer, dragging pans, and Reset view goes back', async ({ page }) => {
  await openDefault(page);
  await pauseAtEnd(page);
  const before = await readScene(page);
  const centre = await screenOf(page, before, [0, 1]);
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.wheel(0, -400);
  await expect.poll(async () => width((await readScene(page)).view.x), { timeout: UPDATE_TIMEOUT_MS }).toBeLessThan(0.8 * width(before.view.x));
  const zoomed = (await readScene(page)).view;
  // The point under the pointer stays under it.
  const cx = zoomed.x[0] + ((0 - before.view.x[0]) / width(before.view.x)) * width(zoomed.x);
  expect(Math.abs(cx)).toBeLessThan(0.02 * width(before.view.x));
  await screenshot(page, 'zoomed.png');

  // Drag from a spot away from the start marker: right and down moves the view left and up.
  const from = await screenOf(page, { view: zoomed }, [0.5 * (zoomed.x[0] + zoomed.x[1]) + 0.3 * width(zoomed.x), 0.5 * (zoomed.y[0] + zoomed.y[1])]);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 60, from.y + 40, { steps: 6 });
  await page.mouse.up();
  await expect.poll(async () => (await readScene(page)).view.x[0], { timeout: UPDATE_TIMEOUT_MS }).toBeLessThan(zoomed.x[0]);
  const panned = await readScene(page);
  expect(panned.view.y[0]).toBeGreaterThan(zoomed.y[0]);
  expect(width(panned.view.x)).toBeCloseTo(width(zoomed.x), 9);
  expect(panned.start).toEqual(before.start);

  await page.getByRole('button', { name: 'Reset view' }).click();
  await expect.poll(async () => (await readScene(page)).view, { timeout: UPDATE_TIMEOUT_MS }).toEqual({ x: [-2, 2], y: [-1, 3] });
  await expectNoFatal(page);
});

test('dragging the start marker moves the start and redraws every run', async ({ page }) => {
  await openDefault(page);
  await pauseAtEnd(page);
  const before = await readScene(page);
  await snapshotCanvas(page, 'canvas#trajectory', 'before-drag');
  const grab = await screenOf(page, before, before.start);
  const target = [0.5, 2.0];
  const drop = await screenOf(page, before, target);
  await page.mouse.move(grab.x, grab.y);
  await page.mouse.down();
  await page.mouse.move(drop.x, drop.y, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await readScene(page)).start[0], { timeout: UPDATE_TIMEOUT_MS }).toBeGreaterThan(0.3);
  const after = await readScene(page);
  const pxPerUnit = (await page.locator('canvas#trajectory').boundingBox()).width / width(before.view.x);
  expect(Math.abs(after.start[0] - target[0]) * pxPerUnit).toBeLessThan(3);
  expect(Math.abs(after.start[1] - target[1]) * pxPerUnit).toBeLessThan(3);
  expect(after.view).toEqual(before.view);
  expect(await diffFromSnapshot(page, 'canvas#trajectory', 'before-drag')).toBeGreaterThan(500);
  await screenshot(page, 'dragged-start.png');
});

test('the timeline scrubs back through the run', async ({ page }) => {
  await openDefault(page);
  await pauseAtEnd(page);
  const { last } = await stepLabel(page);
  await snapshotCanvas(page, 'canvas#trajectory', 'end');
  await page.locator('#timeline').fill('10');
  await expect.poll(async () => (await stepLabel(page)).step, { timeout: UPDATE_TIMEOUT_MS }).toBe(10);
  expect((await stepLabel(page)).last).toBe(last);
  // Ten steps in, most of every path is not drawn yet.
  expect(await diffFromSnapshot(page, 'canvas#trajectory', 'end')).toBeGreaterThan(1000);
  await expect(page.locator('#play')).toContainText('Play');
  await screenshot(page, 'timeline-step-10.png');
});

test('switching bias correction off changes the Adam path', async ({ page }) => {
  await openDefault(page);
  await pauseAtEnd(page);
  const before = await canvasDigest(page, 'canvas#trajectory');
  await page.locator('#ctl-bias-correction').click();
  await expect.poll(async () => (await canvasDigest(page, 'canvas#trajectory')).hash, { timeout: UPDATE_TIMEOUT_MS }).not.toBe(before.hash);
  const scene = await readScene(page);
  expect(scene.runs.find((r) => r.id === scene.selected).hyper.bias_correction).toBe(false);
});

test('gradient noise and its seed change the paths, and the seed reproduces them', async ({ page }) => {
  await openDefault(page);
  await pauseAtEnd(page);
  const clean = await canvasDigest(page, 'canvas#trajectory');
  await page.locator('#ctl-noise').selectOption('gaussian');
  await expect(page.locator('#ctl-sigma')).toBeVisible();
  await expect.poll(async () => (await canvasDigest(page, 'canvas#trajectory')).hash, { timeout: UPDATE_TIMEOUT_MS }).not.toBe(clean.hash);
  const seeded1 = await canvasDigest(page, 'canvas#trajectory');
  expect((await readScene(page)).noise.model).toBe('gaussian');
  const seedBox = page.locator('.noise-controls input.typed').last();
  await seedBox.fill('2');
  await seedBox.dispatchEvent('change');
  await expect.poll(async () => (await canvasDigest(page, 'canvas#trajectory')).hash, { timeout: UPDATE_TIMEOUT_MS }).not.toBe(seeded1.hash);
  await seedBox.fill('1');
  await seedBox.dispatchEvent('change');
  await expect.poll(async () => (await canvasDigest(page, 'canvas#trajectory')).hash, { timeout: UPDATE_TIMEOUT_MS }).toBe(seeded1.hash);
  await screenshot(page, 'noise.png');
});

test('the quadratic takes a condition number, and the picture follows', async ({ page }) => {
  await openDefault(page);
  await page.locator('#ctl-landscape').selectOption('quadratic');
  await expect(page.locator('#ctl-condition')).toBeVisible();
  await pauseAtEnd(page);
  const map = await canvasDigest(page, 'canvas#landscape');
  await typeValue(page, 'ctl-condition', '100');
  await expect.poll(async () => (await readScene(page)).landscape.condition, { timeout: UPDATE_TIMEOUT_MS }).toBe(100);
  await expect.poll(async () => (await canvasDigest(page, 'canvas#landscape')).hash, { timeout: UPDATE_TIMEOUT_MS }).not.toBe(map.hash);
  await typeValue(page, 'ctl-condition', '0.5');
  await expect(page.locator('#message')).toContainText('condition must be in [1, 10000]');
  expect((await readScene(page)).landscape.condition).toBe(100);
  await screenshot(page, 'quadratic-100.png');
});

test('the map hint shows until the map is used, and not again in the same browser', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await expect(page.locator('#map-hint')).toBeVisible();
  const box = await page.locator('canvas#trajectory').boundingBox();
  if (!box) throw new Error('no map');
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.6);
  await expect(page.locator('#map-hint')).toHaveCount(0);
  await page.reload();
  await waitDrawn(page);
  await expect(page.locator('#map-hint')).toHaveCount(0);
  // The timeline says its step in words to a screen reader.
  await expect(page.locator('#timeline')).toHaveAttribute('aria-valuetext', /^step \d+ of \d+$/);
  expect(errors).toEqual([]);
});
