// @ts-check
// Browser history is the page's undo: each change is an entry (a slider's drag is one), Back
// brings the previous scene back without leaving the page, Forward re-applies, and Ctrl+Z and
// Ctrl+Shift+Z do the same outside text boxes.
const { test, expect } = require('@playwright/test');
const { collectErrors, openDefault, readScene, typeValue, screenshot, expectNoFatal, UPDATE_TIMEOUT_MS } = require('./helpers');

test.describe.configure({ timeout: 90_000 });

const T = { timeout: UPDATE_TIMEOUT_MS };

/** The selected run, as the address bar holds it. */
async function selected(page) {
  const s = await readScene(page);
  return s.runs.find((r) => r.id === s.selected);
}

/** What the controls show for the selected run: the menu and the typed boxes beside sliders. */
async function shown(page) {
  return {
    optimizer: await page.locator('#ctl-optimizer').inputValue(),
    lr: Number(await page.locator('input.typed[data-control="ctl-lr"]').inputValue()),
    beta2: Number(await page.locator('input.typed[data-control="ctl-beta2"]').inputValue()),
    slider: await page.locator('#ctl-lr').inputValue(),
  };
}

/** Waits until both the address bar and the controls agree on `want`. */
async function expectState(page, want) {
  await expect.poll(async () => {
    const r = await selected(page);
    return { optimizer: r.optimizer, lr: r.hyper.lr, beta2: r.hyper.beta2 };
  }, T).toEqual({ optimizer: want.optimizer, lr: want.lr, beta2: want.beta2 });
  await expect.poll(async () => {
    const s = await shown(page);
    return { optimizer: s.optimizer, lr: s.lr, beta2: s.beta2, slider: s.slider };
  }, T).toEqual(want);
}

test('Back undoes each change, a slider drag as one, and Forward re-applies them', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  const length0 = await page.evaluate(() => history.length);
  const s0 = await shown(page);
  expect(s0.optimizer).toBe('adam');
  const a = { ...s0 };

  // 1. β, typed.
  await typeValue(page, 'ctl-beta2', '0.95');
  const b = { ...a, beta2: 0.95 };
  await expectState(page, b);
  // 2. The optimizer, from its menu (β goes back to AMSGrad's own default).
  await page.locator('#ctl-optimizer').selectOption('amsgrad');
  await expect.poll(async () => (await selected(page)).optimizer, T).toBe('amsgrad');
  const c = await shown(page);
  // 3. A drag of the η slider: many moves, one entry.
  for (const pos of [300, 320, 340, 360, 380, 400]) {
    await page.locator('#ctl-lr').fill(String(pos));
    await page.waitForTimeout(60);
  }
  await expect.poll(async () => (await shown(page)).slider, T).toBe('400');
  const d = await shown(page);
  expect(d.lr).not.toBe(c.lr);
  await expectState(page, d);
  await expect.poll(() => page.evaluate(() => history.length), T).toBe(length0 + 3);
  const linkD = await page.evaluate(() => location.hash);

  await page.evaluate(() => history.back());
  await expectState(page, c);
  await page.evaluate(() => history.back());
  await expectState(page, b);
  await page.evaluate(() => history.back());
  await expectState(page, a);
  expect(new URL(page.url()).pathname).toBe('/');

  await page.evaluate(() => history.forward());
  await expectState(page, b);
  await page.evaluate(() => history.forward());
  await expectState(page, c);
  await page.evaluate(() => history.forward());
  await expectState(page, d);
  expect(await page.evaluate(() => location.hash)).toBe(linkD);
  // Restoring an entry adds none.
  expect(await page.evaluate(() => history.length)).toBe(length0 + 3);
  await screenshot(page, 'history-forward.png');
  await expectNoFatal(page);
  expect(errors).toEqual([]);
});

test('Ctrl+Z undoes and Ctrl+Shift+Z redoes outside text boxes, and stop at the first entry', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  const a = await shown(page);
  await typeValue(page, 'ctl-beta2', '0.9');
  const b = { ...a, beta2: 0.9 };
  await expectState(page, b);

  // In the text box the keys are the box's own: the scene stays.
  const box = page.locator('input.typed[data-control="ctl-beta2"]');
  await box.focus();
  const before = await page.evaluate(() => location.hash);
  await page.keyboard.press('Control+z');
  await page.waitForTimeout(400);
  expect(await page.evaluate(() => location.hash)).toBe(before);
  expect((await selected(page)).hyper.beta2).toBe(0.9);

  // Elsewhere, they undo and redo.
  await page.locator('h1').click();
  await page.keyboard.press('Control+z');
  await expectState(page, a);
  await page.keyboard.press('Control+Shift+Z');
  await expectState(page, b);
  await page.keyboard.press('Control+z');
  await expectState(page, a);
  await page.keyboard.press('Control+y');
  await expectState(page, b);
  // Undo past the first entry stays on the page.
  await page.keyboard.press('Control+z');
  await expectState(page, a);
  await page.keyboard.press('Control+z');
  await page.waitForTimeout(500);
  expect(new URL(page.url()).pathname).toBe('/');
  await expect(page.locator('canvas#landscape')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a lesson is an entry of its own, and the link keeps its caption, speed and position', async ({ page }) => {
  await openDefault(page);
  await page.locator('#preset').selectOption('kadam');
  await expect(page.locator('#lesson')).toBeVisible();
  await expect.poll(async () => (await page.evaluate(() => location.hash)).includes('&lesson=kadam'), T).toBe(true);
  await page.locator('#speed').selectOption('20');
  await expect.poll(async () => (await page.evaluate(() => location.hash)).includes('&speed=20'), T).toBe(true);
  await page.locator('#timeline').fill('120');
  await expect.poll(async () => (await page.evaluate(() => location.hash)).includes('&step=120'), T).toBe(true);
  // The link opens as it was: caption, speed, paused at its step.
  const link = await page.evaluate(() => location.hash);
  await page.goto('/' + link);
  await page.reload();
  await expect(page.locator('#lesson')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('#speed')).toHaveValue('20');
  await expect(page.locator('#step-label')).toContainText('step 120 /', T);
  await expect(page.locator('#play')).toContainText('Play');
});

test("a k-Adam preset is one change: one Ctrl+Z undoes γ₂…γₖ = 0 on every level", async ({ page }) => {
  await openDefault(page);
  await page.locator(".legend li.entry[data-run='4'] button.name").click();
  await typeValue(page, 'ctl-k', '3');
  await page.locator('#levels-tie').click();
  await expect.poll(async () => (await selected(page)).hyper.levels, T).toEqual([]);
  const length0 = await page.evaluate(() => history.length);
  await page.locator('#levels-zero').click();
  await expect.poll(async () => (await selected(page)).hyper.levels.map((l) => l[0]), T).toEqual([0, 0]);
  expect(await page.evaluate(() => history.length)).toBe(length0 + 1);
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await selected(page)).hyper.levels, T).toEqual([]);
});
