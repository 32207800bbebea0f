// @ts-check
// The page loads, draws the loss landscape and a trajectory, and reports no error.
const fs = require('fs');
const path = require('path');
const { test, expect } = require('@playwright/test');
const { ARTIFACTS, collectErrors } = require('./helpers');

const DRAWN_TIMEOUT_MS = 20_000;

/** Opens the page and waits for the app to mark the landscape canvas as drawn. */
async function openDrawnPage(page) {
  await page.goto('/');
  const canvas = page.locator('canvas#landscape');
  await expect(canvas).toHaveAttribute('data-drawn', 'true', { timeout: DRAWN_TIMEOUT_MS });
  return canvas;
}

/** Pixel statistics of a canvas, read with getImageData over all of it. */
async function canvasStats(page, selector) {
  return page.evaluate((sel) => {
    const canvas = /** @type {HTMLCanvasElement | null} */ (document.querySelector(sel));
    if (!canvas) throw new Error(`no element ${sel}`);
    const { width, height } = canvas;
    if (width === 0 || height === 0) return { width, height, distinct: 0, allEqual: true, opaque: 0 };
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error(`${sel} has no 2d context`);
    const data = ctx.getImageData(0, 0, width, height).data;
    const colours = new Set();
    let allEqual = true;
    let opaque = 0;
    const first = (data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3];
    for (let i = 0; i < data.length; i += 4) {
      const c = (data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3];
      if (c !== first) allEqual = false;
      if (colours.size < 100_000) colours.add(c);
      if (data[i + 3] > 0) opaque += 1;
    }
    return { width, height, distinct: colours.size, allEqual, opaque };
  }, selector);
}

test('page draws the landscape without errors', async ({ page }) => {
  const errors = collectErrors(page);
  await openDrawnPage(page);

  const stats = await canvasStats(page, 'canvas#landscape');
  expect(stats.width * stats.height, 'landscape canvas has a size').toBeGreaterThan(0);
  expect(stats.allEqual, 'landscape canvas is not one flat colour').toBe(false);
  expect(stats.distinct, 'landscape canvas has at least 20 distinct colours').toBeGreaterThanOrEqual(20);

  await expect(page.locator('#fatal-error')).toBeHidden();

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'page.png'), fullPage: true });

  expect(errors, 'no console errors').toEqual([]);
});

test('trajectory overlay has drawn pixels', async ({ page }) => {
  const errors = collectErrors(page);
  await openDrawnPage(page);

  // The trajectory may be animated: give it a few seconds to put down more than 50 pixels.
  await expect
    .poll(async () => (await canvasStats(page, 'canvas#trajectory')).opaque, {
      message: 'pixels with alpha > 0 on canvas#trajectory',
      timeout: 10_000,
    })
    .toBeGreaterThan(50);

  await expect(page.locator('#fatal-error')).toBeHidden();
  expect(errors, 'no console errors').toEqual([]);
});
