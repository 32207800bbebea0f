// @ts-check
// The page's layout at the four sizes people use: nothing pushes it sideways, and on a wide
// screen what causes and what shows the effect share one screen.
const { test, expect } = require('@playwright/test');
const { openDefault, screenshot, UPDATE_TIMEOUT_MS } = require('./helpers');

/** Opens the page at `size`, then calls `check` on it and on each lesson in turn (key '' first). */
async function eachLesson(page, size, check) {
  await page.setViewportSize(size);
  await openDefault(page);
  const keys = await page.locator('#preset option').evaluateAll((os) =>
    os.map((o) => /** @type {HTMLOptionElement} */ (o).value).filter((v) => v));
  for (const key of ['', ...keys]) {
    if (key) {
      await page.selectOption('#preset', key);
      await expect(page.locator('#lesson')).toBeVisible({ timeout: UPDATE_TIMEOUT_MS });
    }
    await check(key);
  }
}

// On a tablet and a phone no menu, caption or canvas makes the page wider than the screen,
// whatever lesson is open.
for (const size of [{ width: 390, height: 844 }, { width: 820, height: 1180 }]) {
  test(`no horizontal overflow at ${size.width}×${size.height}`, async ({ page }) => {
    await eachLesson(page, size, async (key) => {
      const wide = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        first: [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 3)
          .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`),
      }));
      expect(wide.page, `${key || 'default'}: page width, wider: ${wide.first.join(', ')}`).toBeLessThanOrEqual(size.width);
    });
    await screenshot(page, `layout-${size.width}.png`);
  });
}

// On a laptop and on a projector, cause and effect share one screen: the map, the selected
// run's sliders, the phase diagram with its readout, and the chart the lesson names (without
// a lesson, Gould & Tanaka's ‖u‖∞ chart). ADOPT's counterexample is the exception: its toy
// has its own controls, and neither the run's sliders nor the phase diagram act on it, so the
// toy takes the map's place and the caption heads the other columns.
/** The selectors that must lie wholly inside the viewport, for the open lesson if any. */
function mustSee(pointsAt) {
  if (pointsAt.includes('adopt-toy')) return ['#adopt-toy', '#lesson'];
  const charts = pointsAt.filter((p) => p.startsWith('chart-')).map((p) => `#${p}`);
  return [
    '#landscape',
    '.run-controls input[type=range]',
    '#phase',
    '#stability',
    ...(pointsAt.length ? charts : ['#chart-update']),
  ];
}

for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
  test(`map, sliders, phase diagram and the named chart on one screen at ${size.width}×${size.height}`, async ({ page }) => {
    await eachLesson(page, size, async (key) => {
      const pointsAt = key ? ((await page.locator('#lesson').getAttribute('data-points-at')) || '').split(' ').filter(Boolean) : [];
      const off = await page.evaluate((sels) => sels.flatMap((s) => {
        const all = [...document.querySelectorAll(s)];
        if (!all.length) return [`${s} missing`];
        return all.filter((e) => {
          const b = e.getBoundingClientRect();
          return b.width === 0 || b.top < 0 || b.left < 0 || b.bottom > innerHeight + 0.5 || b.right > innerWidth + 0.5;
        }).map((e) => `${s}${e.id ? '#' + e.id : ''} at ${Math.round(e.getBoundingClientRect().top)}–${Math.round(e.getBoundingClientRect().bottom)}`);
      }), mustSee(pointsAt));
      expect(off, `${key || 'default'}: off screen`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${key || 'default'}: page width`).toBeLessThanOrEqual(size.width);
    });
    await screenshot(page, `layout-${size.width}-last-lesson.png`);
  });

  test(`no dead space beside the map at ${size.width}×${size.height}`, async ({ page }) => {
    await page.setViewportSize(size);
    await openDefault(page);
    const g = await page.evaluate(() => {
      const r = (s) => /** @type {Element} */ (document.querySelector(s)).getBoundingClientRect();
      return { map: r('#landscape'), col: r('.stage-col'), sliders: r('.run-controls'), theory: r('#theory') };
    });
    // The map fills its column, and the next column starts right after it, at the same height.
    expect(g.map.width).toBeGreaterThan(0.97 * g.col.width);
    expect(g.sliders.left - g.map.right).toBeLessThan(40);
    expect(Math.abs(g.sliders.top - g.map.top)).toBeLessThan(4);
    expect(Math.abs(g.theory.top - g.map.top)).toBeLessThan(4);
    expect(g.theory.left).toBeGreaterThan(g.sliders.right);
  });
}

// A tablet and a phone stack one column: the map, then the run's sliders, the theory, the charts.
for (const size of [{ width: 390, height: 844 }, { width: 820, height: 1180 }]) {
  test(`the map, the sliders, the theory, then the charts at ${size.width}×${size.height}`, async ({ page }) => {
    await page.setViewportSize(size);
    await openDefault(page);
    const tops = await page.evaluate(() => ['#landscape', '.run-controls', '#theory', '.charts'].map((s) =>
      /** @type {Element} */ (document.querySelector(s)).getBoundingClientRect().top));
    for (let i = 1; i < tops.length; i++) expect(tops[i], `element ${i} below element ${i - 1}`).toBeGreaterThan(tops[i - 1]);
    const map = await page.locator('#landscape').boundingBox();
    expect(map && map.width).toBeGreaterThan(size.width - 40);
  });
}
