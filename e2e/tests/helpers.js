// @ts-check
// What the end-to-end tests share: opening the page, reading the scene from the address bar,
// reading and diffing canvases, driving controls, and keeping screenshots.
const fs = require('fs');
const path = require('path');
const { expect } = require('@playwright/test');

const ARTIFACTS = path.join(__dirname, '..', 'artifacts');
const DRAWN_TIMEOUT_MS = 20_000;
const UPDATE_TIMEOUT_MS = 15_000;

/** Run colours by run id (the app's palette). */
const RUN_COLORS = {
  1: '#56b4e9',
  2: '#ff8c1a',
  3: '#f0e442',
  4: '#ff5ab4',
  5: '#00d1a0',
  6: '#ffffff',
  7: '#b48cff',
  8: '#ff4040',
};

/** Console errors and uncaught page errors (a missing favicon is not the app's error). */
function collectErrors(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = msg.location() && msg.location().url;
    if (url && url.endsWith('/favicon.ico')) return;
    errors.push(`console.error: ${msg.text()}${url ? ` (${url})` : ''}`);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  return errors;
}

async function waitDrawn(page) {
  await expect(page.locator('canvas#landscape')).toHaveAttribute('data-drawn', 'true', {
    timeout: DRAWN_TIMEOUT_MS,
  });
  // The legend and the controls are rendered with the first scene.
  await expect(page.locator('.legend li.entry').first()).toBeVisible({ timeout: DRAWN_TIMEOUT_MS });
}

async function openDefault(page) {
  await page.goto('/');
  await waitDrawn(page);
}

/** The scene in the address bar, decoded (without how it is shown: `&speed=…` and the rest). */
async function readScene(page) {
  const hash = await page.evaluate(() => location.hash);
  expect(hash.startsWith('#s='), `location.hash holds a scene (got ${hash.slice(0, 40)})`).toBe(true);
  return JSON.parse(decodeURIComponent(hash.slice(3).split('&')[0]));
}

/** What the link holds besides the scene: { lesson, speed, step, present } as strings. */
async function readShowing(page) {
  const hash = await page.evaluate(() => location.hash);
  return Object.fromEntries(hash.split('&').slice(1).map((kv) => kv.split('=').map(decodeURIComponent)));
}

/** Loads a scene through a share link (a fresh document, so the link is read at start). */
async function openScene(page, scene) {
  // Leaving the page first: a hash change inside it would be loaded by the page itself, which
  // may rewrite the address (a refused link falls back) before a reload could read it.
  await page.goto('about:blank');
  await page.goto('/#s=' + encodeURIComponent(JSON.stringify(scene)));
  await waitDrawn(page);
}

/** Opens the default scene, lets `edit` change its JSON, and loads the result as a link. */
async function openEdited(page, edit) {
  await openDefault(page);
  const scene = await readScene(page);
  edit(scene);
  await openScene(page, scene);
  return scene;
}

/** Pauses the animation at its last step through the timeline (pausing it is part of scrubbing). */
async function pauseAtEnd(page) {
  // The max of the timeline is set by the first drawn frame.
  await expect
    .poll(() => page.locator('#timeline').getAttribute('max'), { timeout: UPDATE_TIMEOUT_MS })
    .not.toBeNull();
  await page.locator('#timeline').evaluate((el) => {
    const input = /** @type {HTMLInputElement} */ (el);
    input.value = input.max;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(page.locator('#play')).toHaveText(/Play/, { timeout: UPDATE_TIMEOUT_MS });
  const label = await page.locator('#step-label').textContent();
  const m = /step (\d+) \/ (\d+)/.exec(label || '');
  expect(m, `#step-label reads "step n / N" (got "${label}")`).not.toBeNull();
  expect(Number(m[1])).toBe(Number(m[2]));
}

/** Step shown and last step, from #step-label. */
async function stepLabel(page) {
  const text = (await page.locator('#step-label').textContent()) || '';
  const m = /step (\d+) \/ (\d+)/.exec(text);
  if (!m) throw new Error(`#step-label does not read "step n / N": "${text}"`);
  return { step: Number(m[1]), last: Number(m[2]) };
}

/** FNV-1a hash of every pixel of a canvas, and how many pixels are not transparent. */
async function canvasDigest(page, selector) {
  return page.evaluate((sel) => {
    const canvas = /** @type {HTMLCanvasElement | null} */ (document.querySelector(sel));
    if (!canvas) throw new Error(`no element ${sel}`);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error(`${sel} has no 2d context`);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 0x811c9dc5;
    let opaque = 0;
    for (let i = 0; i < data.length; i += 1) {
      h ^= data[i];
      h = Math.imul(h, 0x01000193) >>> 0;
      if ((i & 3) === 3 && data[i] > 0) opaque += 1;
    }
    return { hash: h.toString(16), opaque };
  }, selector);
}

/** The pixels of a canvas, kept in the page under `key` for a later diff. */
async function snapshotCanvas(page, selector, key) {
  await page.evaluate(
    ([sel, k]) => {
      const canvas = /** @type {HTMLCanvasElement} */ (document.querySelector(sel));
      const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
      // @ts-ignore
      (window.__snapshots ||= {})[k] = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    },
    [selector, key],
  );
}

/** How many pixels of a canvas differ from a snapshot (any channel by more than 8). */
async function diffFromSnapshot(page, selector, key) {
  return page.evaluate(
    ([sel, k]) => {
      const canvas = /** @type {HTMLCanvasElement} */ (document.querySelector(sel));
      const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
      const now = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      // @ts-ignore
      const before = window.__snapshots[k];
      if (!before || before.length !== now.length) return Number.MAX_SAFE_INTEGER;
      let n = 0;
      for (let i = 0; i < now.length; i += 4) {
        if (
          Math.abs(now[i] - before[i]) > 8 ||
          Math.abs(now[i + 1] - before[i + 1]) > 8 ||
          Math.abs(now[i + 2] - before[i + 2]) > 8 ||
          Math.abs(now[i + 3] - before[i + 3]) > 8
        ) {
          n += 1;
        }
      }
      return n;
    },
    [selector, key],
  );
}

/** Opaque pixels of canvas#trajectory within `tol` (per channel) of a colour "#rrggbb". */
async function countColour(page, hex, tol = 20) {
  return page.evaluate(
    ([hexColour, t]) => {
      const r = parseInt(hexColour.slice(1, 3), 16);
      const g = parseInt(hexColour.slice(3, 5), 16);
      const b = parseInt(hexColour.slice(5, 7), 16);
      const canvas = /** @type {HTMLCanvasElement} */ (document.querySelector('canvas#trajectory'));
      const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
      const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (
          d[i + 3] >= 200 &&
          Math.abs(d[i] - r) <= t &&
          Math.abs(d[i + 1] - g) <= t &&
          Math.abs(d[i + 2] - b) <= t
        ) {
          n += 1;
        }
      }
      return n;
    },
    /** @type {[string, number]} */ ([hex, tol]),
  );
}

/** Sets a range input's position and sends the 'input' event, as dragging it does. */
async function slide(page, selector, position) {
  await page.locator(selector).fill(String(position));
}

/** Types a value into the box beside a control and commits it ('change'). */
async function typeValue(page, controlId, text) {
  const box = page.locator(`input.typed[data-control="${controlId}"]`);
  await box.fill(text);
  await box.dispatchEvent('change');
}

/** The number in a legend entry's ‖u‖∞ readout, or null when the entry shows another status. */
async function unorm(page, runId) {
  const el = page.locator(`.legend li.entry[data-run="${runId}"] .unorm`);
  if ((await el.count()) === 0) return null;
  const text = (await el.textContent()) || '';
  const m = /([-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?|inf|NaN)\s*$/i.exec(text.trim());
  if (!m) throw new Error(`cannot read ‖u‖∞ from "${text}"`);
  return Number(m[1]);
}

/** The plot canvas of the chart whose caption matches (the ‖u‖∞ chart, say). */
async function chartCanvasSelector(page, captionPattern) {
  const index = await page.evaluate((src) => {
    const re = new RegExp(src, 'i');
    const figures = [...document.querySelectorAll('section.charts figure')];
    return figures.findIndex((f) => {
      const cap = f.querySelector('figcaption');
      return !!cap && re.test(cap.textContent || '');
    });
  }, captionPattern.source);
  if (index < 0) return null;
  return `section.charts figure:nth-of-type(${index + 1}) canvas:not(.chart-cursor)`;
}

async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
}

/** The scene the meta-adaptive panel charts: one AdamW (η = 0.01, λ = 0.1) on the
 * scale-invariant loss for 1000 steps. For `openEdited`. */
function adamwScaleInvariant(scene) {
  scene.landscape = { name: 'scale-invariant' };
  scene.steps = 1000;
  const r = scene.runs.find((x) => x.optimizer === 'adam');
  r.optimizer = 'adamw';
  r.hyper.lr = 0.01;
  r.hyper.weight_decay = 0.1;
  scene.runs = [r];
  scene.selected = r.id;
}

async function expectNoFatal(page) {
  await expect(page.locator('#fatal-error')).toBeHidden();
}

module.exports = {
  collectErrors,
  waitDrawn,
  openDefault,
  readScene,
  readShowing,
  openScene,
  openEdited,
  pauseAtEnd,
  stepLabel,
  canvasDigest,
  snapshotCanvas,
  diffFromSnapshot,
  countColour,
  slide,
  typeValue,
  unorm,
  chartCanvasSelector,
  screenshot,
  expectNoFatal,
  adamwScaleInvariant,
  ARTIFACTS,
  DRAWN_TIMEOUT_MS,
  UPDATE_TIMEOUT_MS,
  RUN_COLORS,
};
