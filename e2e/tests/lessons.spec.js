// @ts-check
// Each lesson puts what its caption points at on screen: at 1280×720 and 1920×1080, every
// element the lesson names (the map, a chart, the phase diagram) lies inside the viewport.
const { test, expect } = require('@playwright/test');
const { collectErrors, openDefault, screenshot, expectNoFatal, UPDATE_TIMEOUT_MS } = require('./helpers');

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];

for (const size of SIZES) {
  test(`every lesson's named elements are on screen at ${size.width}×${size.height}`, async ({ page }) => {
    const errors = collectErrors(page);
    await page.setViewportSize(size);
    await openDefault(page);
    const keys = await page.locator('#preset option').evaluateAll((os) =>
      os.map((o) => /** @type {HTMLOptionElement} */ (o).value).filter((v) => v));
    expect(keys.length, 'the lesson menu lists the lessons').toBeGreaterThanOrEqual(5);
    for (const key of keys) {
      await page.selectOption('#preset', key);
      const lesson = page.locator('#lesson');
      await expect(lesson).toBeVisible({ timeout: UPDATE_TIMEOUT_MS });
      const named = ((await lesson.getAttribute('data-points-at')) || '').split(' ').filter(Boolean);
      expect(named.length, `${key} names what to look at`).toBeGreaterThan(0);
      for (const id of [...named, 'lesson']) {
        const box = await page.locator(`#${id}`).boundingBox();
        expect(box, `${key}: #${id} is on the page`).not.toBeNull();
        const b = /** @type {{x: number, y: number, width: number, height: number}} */ (box);
        const inside = b.x >= 0 && b.y >= 0 && b.x + b.width <= size.width + 0.5
          && b.y + b.height <= size.height + 0.5 && b.width > 50 && b.height > 50;
        expect(inside, `${key}: #${id} at ${JSON.stringify(b)} is inside ${size.width}×${size.height}`).toBe(true);
      }
      if (size.width === 1280) await screenshot(page, `lesson-${key}-1280.png`);
    }
    await expectNoFatal(page);
    expect(errors).toEqual([]);
  });
}
