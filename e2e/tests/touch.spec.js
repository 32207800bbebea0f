// @ts-check
// The map under fingers, on a phone-sized touch screen: one finger drags the start or pans
// without scrolling the page, two fingers pinch-zoom, and the canvases have as many pixels as
// the screen shows.
const { test, expect } = require('@playwright/test');
const { collectErrors, openDefault, readScene, pauseAtEnd, screenshot, UPDATE_TIMEOUT_MS } = require('./helpers');

test.describe.configure({ timeout: 90_000 });

const width = (v) => v[1] - v[0];

/** The layer's box on screen, scrolled so the whole map is in view. */
async function mapBox(page) {
  const layer = page.locator('canvas#trajectory');
  await layer.scrollIntoViewIfNeeded();
  const box = await layer.boundingBox();
  if (!box) throw new Error('no trajectory canvas');
  return box;
}

/** Where a point of the plane is on the screen (CSS pixels), for `view`. */
function screenOf(box, view, p) {
  const { x, y } = view;
  return {
    x: box.x + ((p[0] - x[0]) / width(x)) * box.width,
    y: box.y + ((y[1] - p[1]) / width(y)) * box.height,
  };
}

/**
 * Fingers moving together in `steps` steps from their `from` points to their `to` points, as
 * the touch screen reports them (finger i is touch point i).
 */
async function fingers(page, from, to, steps = 8) {
  const cdp = await page.context().newCDPSession(page);
  const at = (t) => from.map((f, i) => ({ x: f.x + (to[i].x - f.x) * t, y: f.y + (to[i].y - f.y) * t, id: i }));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
  for (let s = 1; s <= steps; s += 1) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(s / steps) });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

const scrollY = (page) => page.evaluate(() => window.scrollY);

/** The default page paused at its end: its errors, scene, map box and scroll position. */
async function openStill(page) {
  const errors = collectErrors(page);
  await openDefault(page);
  await pauseAtEnd(page);
  return { errors, before: await readScene(page), box: await mapBox(page), scrolled: await scrollY(page) };
}

test.describe('on a touch screen', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('a finger on the start drags it, and the page does not scroll', async ({ page }) => {
    const { errors, before, box, scrolled } = await openStill(page);
    const grab = screenOf(box, before.view, before.start);
    // Up and to the right: a finger moving up would scroll the page down.
    const target = [0.5, 2.5];
    const drop = screenOf(box, before.view, target);
    expect(grab.y - drop.y).toBeGreaterThan(100);
    await fingers(page, [grab], [drop]);
    await expect.poll(async () => (await readScene(page)).start[0], { timeout: UPDATE_TIMEOUT_MS }).toBeGreaterThan(0.3);
    const after = await readScene(page);
    const cssPerUnit = box.width / width(before.view.x);
    expect(Math.abs(after.start[0] - target[0]) * cssPerUnit).toBeLessThan(3);
    expect(Math.abs(after.start[1] - target[1]) * cssPerUnit).toBeLessThan(3);
    expect(after.view).toEqual(before.view);
    expect(await scrollY(page)).toBe(scrolled);
    await screenshot(page, 'touch-drag-start.png');
    expect(errors).toEqual([]);
  });

  test('a finger dragged elsewhere pans the view by the dragged amount', async ({ page }) => {
    await openDefault(page);
    await pauseAtEnd(page);
    const before = await readScene(page);
    const box = await mapBox(page);
    const scrolled = await scrollY(page);
    const from = { x: box.x + 0.75 * box.width, y: box.y + 0.8 * box.height };
    const start = screenOf(box, before.view, before.start);
    expect(Math.hypot(from.x - start.x, from.y - start.y)).toBeGreaterThan(60);
    const [dx, dy] = [-70, -110];
    await fingers(page, [from], [{ x: from.x + dx, y: from.y + dy }]);
    await expect.poll(async () => (await readScene(page)).view.x[0], { timeout: UPDATE_TIMEOUT_MS }).not.toBe(before.view.x[0]);
    const after = await readScene(page);
    const perCss = width(before.view.x) / box.width;
    // Left moves the view right, up moves it down; two CSS pixels of slack.
    expect(Math.abs(after.view.x[0] - (before.view.x[0] - dx * perCss))).toBeLessThan(2 * perCss);
    expect(Math.abs(after.view.y[0] - (before.view.y[0] + dy * perCss))).toBeLessThan(2 * perCss);
    expect(width(after.view.x)).toBeCloseTo(width(before.view.x), 9);
    expect(after.start).toEqual(before.start);
    expect(await scrollY(page)).toBe(scrolled);
  });

  test('a tap sets the start', async ({ page }) => {
    await openDefault(page);
    await pauseAtEnd(page);
    const before = await readScene(page);
    const box = await mapBox(page);
    const at = { x: box.x + 0.7 * box.width, y: box.y + 0.3 * box.height };
    await page.touchscreen.tap(at.x, at.y);
    await expect.poll(async () => (await readScene(page)).start, { timeout: UPDATE_TIMEOUT_MS }).not.toEqual(before.start);
    const start = screenOf(box, before.view, (await readScene(page)).start);
    expect(Math.hypot(start.x - at.x, start.y - at.y)).toBeLessThan(2);
    expect((await readScene(page)).view).toEqual(before.view);
  });

  test('two fingers spreading apart zoom in about their midpoint, pinching in zooms out', async ({ page }) => {
    const { errors, before, box, scrolled } = await openStill(page);
    const mid = { x: box.x + 0.5 * box.width, y: box.y + 0.55 * box.height };
    const pair = (d) => [
      { x: mid.x - d / 2, y: mid.y },
      { x: mid.x + d / 2, y: mid.y },
    ];
    await fingers(page, pair(80), pair(240));
    await expect.poll(async () => width((await readScene(page)).view.x), { timeout: UPDATE_TIMEOUT_MS }).toBeLessThan(0.5 * width(before.view.x));
    const zoomed = (await readScene(page)).view;
    // Three times apart is a third of the width, about the same point.
    expect(width(zoomed.x) / width(before.view.x)).toBeCloseTo(80 / 240, 1);
    const under = (view) => view.x[0] + ((mid.x - box.x) / box.width) * width(view.x);
    expect(Math.abs(under(zoomed) - under(before.view))).toBeLessThan((2 * width(before.view.x)) / box.width);
    expect((await readScene(page)).start).toEqual(before.start);
    await screenshot(page, 'touch-pinch-in.png');

    await fingers(page, pair(240), pair(60));
    await expect.poll(async () => width((await readScene(page)).view.x), { timeout: UPDATE_TIMEOUT_MS }).toBeGreaterThan(2 * width(zoomed.x));
    expect(width((await readScene(page)).view.x)).toBeGreaterThan(width(before.view.x));
    expect(await scrollY(page)).toBe(scrolled);
    expect(errors).toEqual([]);
  });
});

/** The map's canvases' pixels, and their size on screen. */
async function canvasSizes(page) {
  return page.evaluate(() =>
    ['landscape', 'trajectory'].map((id) => {
      const c = /** @type {HTMLCanvasElement} */ (document.getElementById(id));
      const r = c.getBoundingClientRect();
      return { width: c.width, height: c.height, css: r.width, cssHeight: r.height };
    }),
  );
}

/** The pixels a side of `css` CSS pixels gets at `ratio`, at most 2048. */
const expected = (css, ratio) => Math.round(css * Math.min(ratio, 2048 / css));

test.describe('on a 2× screen', () => {
  test.use({ viewport: { width: 820, height: 1180 }, deviceScaleFactor: 2 });

  test('the map has as many pixels as the screen shows, and follows its size', async ({ page }) => {
    await openDefault(page);
    for (const c of await canvasSizes(page)) {
      expect(c.css).toBeGreaterThan(300);
      expect(Math.abs(c.width - expected(c.css, 2))).toBeLessThanOrEqual(1);
      expect(Math.abs(c.height - expected(c.cssHeight, 2))).toBeLessThanOrEqual(1);
    }
    // A narrower window makes a smaller map with fewer pixels, painted again.
    const wide = (await canvasSizes(page))[0];
    await page.setViewportSize({ width: 500, height: 1000 });
    await expect.poll(async () => (await canvasSizes(page))[0].width, { timeout: UPDATE_TIMEOUT_MS }).toBeLessThan(wide.width);
    for (const c of await canvasSizes(page)) {
      expect(Math.abs(c.width - expected(c.css, 2))).toBeLessThanOrEqual(1);
    }
    await expect(page.locator('canvas#landscape')).toHaveAttribute('data-drawn', 'true');
    await screenshot(page, 'map-2x.png');
  });

  test('a very large map stops at 2048 pixels a side', async ({ page }) => {
    await page.setViewportSize({ width: 2400, height: 2400 });
    await openDefault(page);
    for (const c of await canvasSizes(page)) {
      expect(c.css * 2).toBeGreaterThan(2048);
      expect(c.width).toBe(2048);
    }
  });
});
