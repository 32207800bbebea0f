// @ts-check
// The page from the keyboard alone: Tab reaches the map, whose arrows move the start, and the
// phase diagram, whose arrows move (β, γ); a focused slider or button keeps its own keys.
const { test, expect } = require('@playwright/test');
const { collectErrors, openEdited, readScene, stepLabel, screenshot, UPDATE_TIMEOUT_MS } = require('./helpers');

/** Presses Tab until the element with `id` has the focus; the ids passed on the way. */
async function tabTo(page, id, limit = 120) {
  const seen = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => document.activeElement && document.activeElement.id);
    seen.push(at);
    if (at === id) return seen;
  }
  throw new Error(`Tab never reached #${id}; passed ${seen.join(' ')}`);
}

/** The selected run of the scene in the address bar. */
async function selectedRun(page) {
  const s = await readScene(page);
  return s.runs.find((r) => r.id === s.selected);
}

/** Opens the default scene with steps enough that the animation cannot finish during a test. */
async function openLong(page) {
  await openEdited(page, (s) => {
    s.steps = 5000;
  });
  await expect(page.locator('#play')).toHaveText(/Pause/, { timeout: UPDATE_TIMEOUT_MS });
}

test('keyboard only: Tab to the map, arrows move the start; Tab to the phase diagram, arrows move β and γ', async ({ page }) => {
  const errors = collectErrors(page);
  await openLong(page);
  await page.locator('body').click({ position: { x: 2, y: 2 } });

  const before = await tabTo(page, 'trajectory');
  // The map comes before the controls beside it: Tab follows the layout.
  expect(before).not.toContain('ctl-lr');
  const map = page.locator('#trajectory');
  await expect(map).toHaveAttribute('aria-label', /Arrow keys move the start/);
  const ring = await map.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(ring, 'the focused map shows a focus ring').not.toBe('none');

  // Space on the map still plays and pauses.
  await page.keyboard.press('Space');
  await expect(page.locator('#play')).toHaveText(/Play/, { timeout: UPDATE_TIMEOUT_MS });
  const step = (await stepLabel(page)).step;

  const start = (await readScene(page)).start;
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await readScene(page)).start[0], { timeout: UPDATE_TIMEOUT_MS }).toBeGreaterThan(start[0]);
  await page.keyboard.press('ArrowUp');
  await expect.poll(async () => (await readScene(page)).start[1], { timeout: UPDATE_TIMEOUT_MS }).toBeGreaterThan(start[1]);
  // → moved the start, not the animation.
  expect((await stepLabel(page)).step).toBe(step);
  await expect(page.locator('#map-hint')).toHaveCount(0);
  await screenshot(page, 'keyboard-map.png');

  await tabTo(page, 'phase');
  const diagram = page.locator('#phase');
  await expect(diagram).toHaveAttribute('aria-label', /arrows change β/);
  const run = await selectedRun(page);
  const gammaSlider = await page.locator('#ctl-beta1').inputValue();
  await page.keyboard.press('ArrowUp');
  await expect.poll(async () => (await selectedRun(page)).hyper.beta1, { timeout: UPDATE_TIMEOUT_MS }).toBeGreaterThan(run.hyper.beta1);
  await expect(page.locator('#ctl-beta1')).not.toHaveValue(gammaSlider);
  expect((await selectedRun(page)).hyper.beta2).toBe(run.hyper.beta2);
  // Shift+← : a tenfold step of 1 − β, down from 0.999 to 0.99.
  await page.keyboard.press('Shift+ArrowLeft');
  await expect.poll(async () => (await selectedRun(page)).hyper.beta2, { timeout: UPDATE_TIMEOUT_MS }).toBe(0.99);
  await expect(page.locator('input.typed[data-control="ctl-beta2"]')).toHaveValue('0.99');
  expect(await page.evaluate(() => document.activeElement && document.activeElement.id)).toBe('phase');
  await screenshot(page, 'keyboard-phase.png');
  expect(errors).toEqual([]);
});

test('a focused slider keeps → and Space; so does a focused button', async ({ page }) => {
  const errors = collectErrors(page);
  await openLong(page);
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('Space');
  await expect(page.locator('#play')).toHaveText(/Play/, { timeout: UPDATE_TIMEOUT_MS });
  const step = (await stepLabel(page)).step;

  const lr = page.locator('#ctl-lr');
  const position = Number(await lr.inputValue());
  await lr.focus();
  await page.keyboard.press('ArrowRight');
  await expect(lr).toHaveValue(String(position + 1), { timeout: UPDATE_TIMEOUT_MS });
  await page.keyboard.press('Space');
  await page.waitForTimeout(300);
  expect((await stepLabel(page)).step, '→ and Space on a slider leave the animation alone').toBe(step);
  await expect(page.locator('#play')).toHaveText(/Play/);

  // A button reached by Tab is pressed by Space, and the player does not toggle.
  const runs = (await readScene(page)).runs.length;
  const adam = (await readScene(page)).runs.find((r) => r.optimizer === 'adam');
  const copy = page.locator(`.legend li.entry[data-run="${adam.id}"]`).getByRole('button', { name: /copy/i });
  await copy.focus();
  await page.keyboard.press('Space');
  await expect.poll(async () => (await readScene(page)).runs.length, { timeout: UPDATE_TIMEOUT_MS }).toBe(runs + 1);
  await expect(page.locator('#play')).toHaveText(/Play/);
  expect((await stepLabel(page)).step).toBe(step);
  expect(errors).toEqual([]);
});

test('Space after clicking copy plays, and does not copy again', async ({ page }) => {
  const errors = collectErrors(page);
  await openLong(page);
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('Space');
  await expect(page.locator('#play')).toHaveText(/Play/, { timeout: UPDATE_TIMEOUT_MS });
  const runs = (await readScene(page)).runs.length;
  const adam = (await readScene(page)).runs.find((r) => r.optimizer === 'adam');
  await page.locator(`.legend li.entry[data-run="${adam.id}"]`).getByRole('button', { name: /copy/i }).click();
  await expect.poll(async () => (await readScene(page)).runs.length, { timeout: UPDATE_TIMEOUT_MS }).toBe(runs + 1);
  await page.keyboard.press('Space');
  await expect(page.locator('#play')).toHaveText(/Pause/, { timeout: UPDATE_TIMEOUT_MS });
  await page.waitForTimeout(300);
  expect((await readScene(page)).runs.length).toBe(runs + 1);
  expect(errors).toEqual([]);
});
