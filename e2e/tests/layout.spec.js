// @ts-check
// On a tablet and a phone the page is never wider than the screen: no menu, caption or
// canvas pushes it sideways, whatever lesson is open.
const { test, expect } = require('@playwright/test');
const { openDefault, screenshot, UPDATE_TIMEOUT_MS } = require('./helpers');

for (const size of [{ width: 390, height: 844 }, { width: 820, height: 1180 }]) {
  test(`no horizontal overflow at ${size.width}×${size.height}`, async ({ page }) => {
    await page.setViewportSize(size);
    await openDefault(page);
    const keys = await page.locator('#preset option').evaluateAll((os) =>
      os.map((o) => /** @type {HTMLOptionElement} */ (o).value).filter((v) => v));
    for (const key of ['', ...keys]) {
      if (key) {
        await page.selectOption('#preset', key);
        await expect(page.locator('#lesson')).toBeVisible({ timeout: UPDATE_TIMEOUT_MS });
      }
      const wide = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        first: [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 3)
          .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`),
      }));
      expect(wide.page, `${key || 'default'}: page width, wider: ${wide.first.join(', ')}`).toBeLessThanOrEqual(size.width);
    }
    await screenshot(page, `layout-${size.width}.png`);
  });
}
