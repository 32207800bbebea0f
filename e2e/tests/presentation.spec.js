// @ts-check
// Presentation mode: a link with &present=1, or the Present button, hides the controls and
// shows the map, the phase diagram and the lesson large; Esc or the visible button leaves it.
const { test, expect } = require('@playwright/test');
const { collectErrors, openDefault, readScene, waitDrawn, screenshot, UPDATE_TIMEOUT_MS } = require('./helpers');

const T = { timeout: UPDATE_TIMEOUT_MS };

async function fontPx(locator) {
  return locator.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
}

test('a presentation link hides the controls and shows the map and the lesson large', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  const scene = await readScene(page);
  const normalBody = await fontPx(page.locator('.legend'));
  await page.goto('/#s=' + encodeURIComponent(JSON.stringify(scene)) + '&lesson=stability&present=1');
  await page.reload();
  await waitDrawn(page);
  await expect(page.locator('.app')).toHaveClass(/presenting/);
  for (const hidden of ['.run-controls', '.scene-controls', '.noise-controls', '#equations', '#export', '#preset']) {
    await expect(page.locator(hidden), `${hidden} is hidden`).toBeHidden();
  }
  await expect(page.locator('canvas#landscape')).toBeVisible();
  await expect(page.locator('canvas#phase')).toBeVisible();
  await expect(page.locator('#lesson')).toBeVisible();
  expect(await fontPx(page.locator('#lesson p'))).toBeGreaterThan(1.3 * normalBody);
  const map = await page.locator('canvas#landscape').boundingBox();
  expect(map && map.width).toBeGreaterThan(400);
  await screenshot(page, 'presentation.png');

  await page.locator('#present').click();
  await expect(page.locator('.app')).not.toHaveClass(/presenting/);
  await expect(page.locator('.run-controls')).toBeVisible();
  await expect.poll(() => page.evaluate(() => location.hash.includes('present=')), T).toBe(false);
  expect(errors).toEqual([]);
});

test('the Present button enters it (full screen or not), and Esc leaves', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await page.locator('#present').click();
  await expect(page.locator('.app')).toHaveClass(/presenting/);
  await expect(page.locator('#present')).toHaveText(/Leave presentation/);
  await expect.poll(() => page.evaluate(() => location.hash.includes('&present=1')), T).toBe(true);
  await page.keyboard.press('Escape');
  await expect(page.locator('.app')).not.toHaveClass(/presenting/, T);
  await expect(page.locator('.run-controls')).toBeVisible();
  // A refused full screen is no error.
  expect(errors).toEqual([]);
});
