// @ts-check
// Accessibility of the page: an axe-core scan (no serious or critical violation, with the
// measured map off and on), a name for every control, sliders that say their value, and a
// readable "diverged" badge.
const { test, expect } = require('@playwright/test');
const { AxeBuilder } = require('@axe-core/playwright');
const { collectErrors, openDefault, openEdited, pauseAtEnd, screenshot, UPDATE_TIMEOUT_MS } = require('./helpers');

/** Serious and critical violations, one line each with the first elements they hit. */
async function seriousViolations(page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

test('axe finds no serious or critical violation on the default page', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await pauseAtEnd(page);
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('axe finds no serious or critical violation with the measured map on', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await pauseAtEnd(page);
  await page.locator('#map-on').check();
  await expect(page.locator('#map-measure')).toBeVisible({ timeout: UPDATE_TIMEOUT_MS });
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'a11y-map-on.png');
  expect(errors).toEqual([]);
});

test('every input, menu and button has an accessible name', async ({ page }) => {
  await openDefault(page);
  await pauseAtEnd(page);
  const controls = page.locator('input:visible, select:visible, button:visible');
  const n = await controls.count();
  expect(n).toBeGreaterThan(20);
  for (let i = 0; i < n; i += 1) {
    await expect(controls.nth(i)).toHaveAccessibleName(/\S/);
  }
  // The typed boxes are named as their sliders are labelled, not by internal ids.
  await expect(page.locator('input.typed[data-control="ctl-lr"]')).toHaveAccessibleName(/learning rate/);
  await expect(page.locator('input.typed[data-control="ctl-beta1"]')).toHaveAccessibleName(/PyTorch β1/);
});

test('sliders say the value the box shows, not their position', async ({ page }) => {
  await openDefault(page);
  await pauseAtEnd(page);
  const sliders = page.locator('.control input[type="range"]');
  const n = await sliders.count();
  expect(n).toBeGreaterThan(3);
  for (let i = 0; i < n; i += 1) {
    const slider = sliders.nth(i);
    const box = page.locator(`input.typed[data-control="${await slider.getAttribute('id')}"]`);
    await expect(slider).toHaveAttribute('aria-valuetext', await box.inputValue());
  }
  await expect(page.locator('#ctl-beta2')).toHaveAttribute('aria-valuetext', '0.999');
});

/** WCAG contrast of two CSS colours "rgb(r, g, b)". */
function contrast(a, b) {
  const lum = (css) => {
    const [r, g, bl] = (css.match(/\d+(\.\d+)?/g) || []).slice(0, 3).map(Number);
    const lin = (c) => {
      const v = c / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(bl);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test('the diverged badge reads at 4.5:1 or more', async ({ page }) => {
  // SGD with momentum at η = 10 on Rosenbrock leaves at once.
  await openEdited(page, (s) => {
    s.runs[0].hyper.lr = 10;
  });
  const badge = page.locator('.legend .badge.bad').first();
  await expect(badge).toBeVisible({ timeout: UPDATE_TIMEOUT_MS });
  const { color, background } = await badge.evaluate((el) => {
    const s = getComputedStyle(el);
    return { color: s.color, background: s.backgroundColor };
  });
  expect(contrast(color, background), `${color} on ${background}`).toBeGreaterThanOrEqual(4.5);
});
