// @ts-check
// Your own landscape: a typed f(x, y) redraws the map; text that does not parse is explained
// with its column while the map keeps the last formula that parsed; the formula travels in the
// share link, and a link whose formula does not parse still opens, with a message.
const { test, expect } = require('@playwright/test');
const {
  collectErrors,
  openDefault,
  openEdited,
  readScene,
  waitDrawn,
  snapshotCanvas,
  diffFromSnapshot,
  expectNoFatal,
  screenshot,
  UPDATE_TIMEOUT_MS,
} = require('./helpers');

/** Long enough for the pause after typing (600 ms) to apply a formula, and a repaint. */
const PAST_PAUSE_MS = 1500;

/** Chooses "Custom f(x, y)" and waits for its formula box. */
async function chooseCustom(page) {
  await page.locator('#ctl-landscape').selectOption('formula');
  await expect(page.locator('#ctl-formula')).toBeVisible();
}

/** The RGBA of the landscape canvas at a fraction of its width and height. */
async function pixel(page, fx, fy) {
  return page.evaluate(
    ([ux, uy]) => {
      const c = /** @type {HTMLCanvasElement} */ (document.querySelector('canvas#landscape'));
      const ctx = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
      return Array.from(ctx.getImageData(Math.floor(ux * c.width), Math.floor(uy * c.height), 1, 1).data);
    },
    [fx, fy],
  );
}

test('typing a formula redraws the map and puts it in the link', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await chooseCustom(page);
  await expect(page.locator('#ctl-formula')).toHaveValue('sin(3*x)*cos(2*y) + 0.1*(x^2+y^2)');
  await expect.poll(async () => (await readScene(page)).landscape.name).toBe('formula');

  await snapshotCanvas(page, 'canvas#landscape', 'example');
  const box = page.locator('#ctl-formula');
  await box.fill('x^2 + 3*y^2');
  await box.press('Enter');
  await expect
    .poll(() => diffFromSnapshot(page, 'canvas#landscape', 'example'), { timeout: UPDATE_TIMEOUT_MS })
    .toBeGreaterThan(50_000);
  await expect.poll(async () => (await readScene(page)).landscape.formula).toBe('x^2 + 3*y^2');
  // No minimum is claimed for a typed formula.
  await expect(page.locator('#minima-note')).toContainText('minima unknown');

  // A pause in typing applies it too, without Enter or leaving the box.
  await snapshotCanvas(page, 'canvas#landscape', 'bowl');
  await box.pressSequentially(' + x*y', { delay: 20 });
  await expect
    .poll(() => diffFromSnapshot(page, 'canvas#landscape', 'bowl'), { timeout: UPDATE_TIMEOUT_MS })
    .toBeGreaterThan(1_000);
  await expect.poll(async () => (await readScene(page)).landscape.formula).toBe('x^2 + 3*y^2 + x*y');
  await screenshot(page, 'formula-typed.png');
  await expectNoFatal(page);
  expect(errors).toEqual([]);
});

test('a broken formula is explained at its column and the map stays', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await chooseCustom(page);
  const box = page.locator('#ctl-formula');
  await box.fill('x^2 + y^2');
  await box.press('Enter');
  await expect.poll(async () => (await readScene(page)).landscape.formula).toBe('x^2 + y^2');
  await page.waitForTimeout(PAST_PAUSE_MS);
  await snapshotCanvas(page, 'canvas#landscape', 'good');
  // The scene part of the link (the playback step after it may move as the runs play).
  const sceneOf = () => page.evaluate(() => location.hash.split('&')[0]);
  const linkBefore = await sceneOf();

  await box.fill('sin(3*x))*y');
  await box.press('Enter');
  const error = page.locator('#formula-error');
  await expect(error).toContainText("unexpected ')' at column 9");
  await expect(error).toContainText('the map shows the last formula that parsed');
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await expect(box).toHaveAttribute('aria-describedby', 'formula-error');
  // What was typed is kept for the user to fix.
  await expect(box).toHaveValue('sin(3*x))*y');
  await page.waitForTimeout(PAST_PAUSE_MS);
  expect(await diffFromSnapshot(page, 'canvas#landscape', 'good')).toBe(0);
  expect(await sceneOf()).toBe(linkBefore);

  // Too long: refused with the limit named.
  await box.fill('x+'.repeat(600) + 'x');
  await box.press('Enter');
  await expect(error).toContainText('longer than 1000 characters');

  // Fixed: the message goes and the map changes.
  await box.fill('sin(3*x)*y');
  await box.press('Enter');
  await expect(error).toBeHidden();
  await expect(box).toHaveAttribute('aria-invalid', 'false');
  await expect
    .poll(() => diffFromSnapshot(page, 'canvas#landscape', 'good'), { timeout: UPDATE_TIMEOUT_MS })
    .toBeGreaterThan(10_000);
  await expectNoFatal(page);
  expect(errors).toEqual([]);
});

test('the view box is checked and moves the map', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await chooseCustom(page);
  await page.waitForTimeout(PAST_PAUSE_MS);
  await snapshotCanvas(page, 'canvas#landscape', 'square');
  const xTo = page.locator('#ctl-view-1');
  await xTo.fill('-3');
  await xTo.press('Enter');
  await expect(page.locator('#view-error')).toContainText("x: 'from' must be below 'to', got -2 to -3");
  await expect(xTo).toHaveAttribute('aria-invalid', 'true');
  await xTo.fill('zz');
  await xTo.press('Enter');
  await expect(page.locator('#view-error')).toContainText("x to: 'zz' is not a finite number");
  expect(await diffFromSnapshot(page, 'canvas#landscape', 'square')).toBe(0);

  await xTo.fill('6');
  await xTo.press('Enter');
  await expect(page.locator('#view-error')).toBeHidden();
  await expect.poll(async () => (await readScene(page)).landscape.view.x).toEqual([-2, 6]);
  // A new box resets the view to it.
  expect((await readScene(page)).view.x).toEqual([-2, 6]);
  await expect
    .poll(() => diffFromSnapshot(page, 'canvas#landscape', 'square'), { timeout: UPDATE_TIMEOUT_MS })
    .toBeGreaterThan(50_000);
  expect(errors).toEqual([]);
});

test('a link holding a formula opens it in a fresh page, undefined points marked', async ({ page }) => {
  const errors = collectErrors(page);
  await openEdited(page, (scene) => {
    scene.landscape = { name: 'formula', formula: 'log(x) + y^2', view: { x: [-2, 2], y: [-2, 2] } };
    scene.start = [1.5, 1];
    scene.view = { x: [-2, 2], y: [-2, 2] };
  });
  await expect(page.locator('#ctl-landscape')).toHaveValue('formula');
  await expect(page.locator('#ctl-formula')).toHaveValue('log(x) + y^2');
  await expect(page.locator('#ctl-view-1')).toHaveValue('2');
  await expect(page.locator('#message')).toHaveCount(0);
  // log(x) has no value left of x = 0: hatched grey there, with a key saying so.
  await expect(page.locator('#undefined-key')).toContainText('f is undefined there');
  for (const [x, y] of [[0.14, 0.28], [0.28, 0.7], [0.42, 0.14]]) {
    const [r, g, b] = await pixel(page, x, y);
    expect(r === g && g === b && (r === 96 || r === 150), `grey at (${x}, ${y}): ${r},${g},${b}`).toBe(true);
  }
  const [r, g, b] = await pixel(page, 0.83, 0.5);
  expect(r === g && g === b, `coloured at the right: ${r},${g},${b}`).toBe(false);
  await screenshot(page, 'formula-link.png');
  expect(errors).toEqual([]);
});

test('a run that steps where the formula is undefined stops and says why', async ({ page }) => {
  const errors = collectErrors(page);
  await openEdited(page, (scene) => {
    scene.landscape = { name: 'formula', formula: 'x + sqrt(x) + y^2', view: { x: [-1, 1], y: [-1, 1] } };
    scene.view = { x: [-1, 1], y: [-1, 1] };
    scene.start = [0.35, 0.5];
    const sgd = { ...scene.runs[0], id: 1, optimizer: 'sgd' };
    sgd.hyper = { ...sgd.hyper, lr: 0.1 };
    scene.runs = [sgd];
    scene.selected = 1;
  });
  await expect(page.locator('#run-outcome')).toContainText(/This run stopped at step \d+: f is undefined there \(NaN\)/);
  await expect(page.locator('.legend .badge.bad')).toHaveText(/f undefined at step \d+/);
  expect(errors).toEqual([]);
});

test('a link whose formula does not parse opens with a message, not a blank page', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  const scene = await readScene(page);
  scene.landscape = { name: 'formula', formula: 'x^2 + (y', view: { x: [-2, 2], y: [-2, 2] } };
  scene.steps = 500;
  await page.goto('about:blank');
  await page.goto('/#s=' + encodeURIComponent(JSON.stringify(scene)));
  await waitDrawn(page);
  const message = page.locator('#message');
  await expect(message).toContainText("the link's formula could not be used");
  await expect(message).toContainText('column 7');
  await expect(message).toContainText('showing rosenbrock instead');
  await expect(page.locator('#ctl-landscape')).toHaveValue('rosenbrock');
  // The rest of the link was kept.
  await expect(page.locator('#ctl-steps')).toHaveValue('500');
  await screenshot(page, 'formula-broken-link.png');
  await expectNoFatal(page);
  expect(errors).toEqual([]);
});

test('the measured stability map runs on a typed formula in its workers', async ({ page }) => {
  const errors = collectErrors(page);
  // The plateau typed by hand: the map must measure it as it does the built-in one.
  await openEdited(page, (scene) => {
    scene.landscape = { name: 'formula', formula: '-tanh(x) + 0.5*y^2', view: { x: [-3, 9], y: [-3, 3] } };
    scene.view = { x: [-3, 9], y: [-3, 3] };
    scene.start = [0, 1];
    scene.steps = 300;
    scene.runs = [scene.runs.find((r) => r.optimizer === 'adam')];
    scene.runs[0].hyper.eps = 0;
    scene.selected = scene.runs[0].id;
  });
  await page.locator('#map-on').check();
  await expect
    .poll(async () => Number(await page.locator('#map-progress').getAttribute('value')), { timeout: 60_000 })
    .toBe(1);
  await expect(page.locator('#map-status')).toHaveText(/1024 runs measured/);
  await expectNoFatal(page);
  expect(errors).toEqual([]);
});
