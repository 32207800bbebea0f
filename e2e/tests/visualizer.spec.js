// @ts-check
// The visualizer driven as a user drives it: sliders, typed values, clicks on the map, the
// legend, the keyboard and share links. Each test leaves a screenshot in e2e/artifacts/.
const { test, expect } = require('@playwright/test');
const {
  collectErrors,
  waitDrawn,
  openDefault,
  readScene,
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
  ARTIFACTS,
  DRAWN_TIMEOUT_MS,
  UPDATE_TIMEOUT_MS,
  RUN_COLORS,
} = require('./helpers');

test.describe.configure({ timeout: 90_000 });

// ---------------------------------------------------------------------------------------------

test('moving the β slider redraws the trajectories and the stability readout', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await pauseAtEnd(page);

  const selected = (await readScene(page)).selected;
  const before = await canvasDigest(page, 'canvas#trajectory');
  expect(before.opaque, 'the paused layer shows the runs').toBeGreaterThan(200);
  const stabilityBefore = (await page.locator('#paper-verdict').textContent()) || '';
  expect(stabilityBefore).toMatch(/C\(β, γ\) = .* = \+0\.2212 > 0 → stable/);
  const beta2Before = (await readScene(page)).runs.find((r) => r.id === selected).hyper.beta2;

  // 250 ↔ β = 1 − 10^−1 = 0.9 (the default is 0.999 ↔ 750).
  await slide(page, '#ctl-beta2', 250);

  await expect
    .poll(async () => (await readScene(page)).runs.find((r) => r.id === selected).hyper.beta2, {
      message: 'the selected run has β = 0.9 in the share link',
      timeout: UPDATE_TIMEOUT_MS,
    })
    .toBeCloseTo(0.9, 6);
  expect(beta2Before).not.toBeCloseTo(0.9, 3);
  await expect(page.locator('#ctl-beta2')).toHaveValue('250');
  await expect(page.locator('input.typed[data-control="ctl-beta2"]')).toHaveValue('0.9');

  await expect
    .poll(async () => (await canvasDigest(page, 'canvas#trajectory')).hash, {
      message: 'canvas#trajectory changes after the β slider moves',
      timeout: UPDATE_TIMEOUT_MS,
    })
    .not.toBe(before.hash);
  await expect(page.locator('#paper-verdict')).not.toHaveText(stabilityBefore, { timeout: UPDATE_TIMEOUT_MS });
  // C(β, γ) = 2(1 − γ)/γ − (1 − β)/β = 0.2222 − 0.1111 at β = γ = 0.9.
  await expect(page.locator('#paper-verdict')).toContainText('= +0.1111 > 0');
  // Exact: γ/√β = 0.9/0.9487 = 0.9487 per step.
  await expect(page.locator('#stability')).toContainText('stable: ‖u‖∞ decays ×0.9487 per step');
  await expect(page.locator('#theory')).toContainText('β = β2 = 0.9,');
  // Still paused at the (new) last step: the change shows its whole effect.
  await expect(page.locator('#play')).toHaveText(/Play/);
  const { step, last } = await stepLabel(page);
  expect(step).toBe(last);

  await screenshot(page, 'beta-slider.png');
  await expectNoFatal(page);
  expect(errors).toEqual([]);
});

test('clicking the map moves the start of every run to the clicked point', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await pauseAtEnd(page);

  const scene = await readScene(page);
  const { x, y } = scene.view;
  const layer = page.locator('canvas#trajectory');
  const box = await layer.boundingBox();
  expect(box, 'the trajectory layer is laid out').not.toBeNull();
  // Where a point of the plane is on the layer, in CSS pixels.
  const css = (p) => [((p[0] - x[0]) / (x[1] - x[0])) * box.width, ((y[1] - p[1]) / (y[1] - y[0])) * box.height];
  // A point of the plane well away from the start marker (16 px grab radius).
  const target = [x[0] + 0.75 * (x[1] - x[0]), y[0] + 0.75 * (y[1] - y[0])];
  const px = css(target);
  const startPx = css(scene.start);
  expect(Math.hypot(px[0] - startPx[0], px[1] - startPx[1])).toBeGreaterThan(60);

  await snapshotCanvas(page, 'canvas#trajectory', 'before-click');
  await layer.click({ position: { x: px[0], y: px[1] } });

  // One CSS pixel is (x1 − x0) / box.width in the plane: allow two.
  const tolerance = (2 * (x[1] - x[0])) / box.width;
  await expect
    .poll(async () => (await readScene(page)).start, {
      message: 'the scene start follows the click',
      timeout: UPDATE_TIMEOUT_MS,
    })
    .not.toEqual(scene.start);
  const moved = (await readScene(page)).start;
  expect(Math.abs(moved[0] - target[0]), `start x ${moved[0]} ≈ ${target[0]}`).toBeLessThan(tolerance);
  expect(Math.abs(moved[1] - target[1]), `start y ${moved[1]} ≈ ${target[1]}`).toBeLessThan(tolerance);
  // The view is unchanged: a click is not a pan.
  expect((await readScene(page)).view).toEqual(scene.view);

  await expect
    .poll(() => diffFromSnapshot(page, 'canvas#trajectory', 'before-click'), {
      message: 'pixels of canvas#trajectory that changed after the click',
      timeout: UPDATE_TIMEOUT_MS,
    })
    .toBeGreaterThan(500);

  // The start marker (white ring on black) is now drawn around the clicked point.
  const ringPixels = await page.evaluate(([cx, cy]) => {
    const canvas = /** @type {HTMLCanvasElement} */ (document.querySelector('canvas#trajectory'));
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
    // The point is in CSS pixels; the canvas has its own.
    const k = canvas.width / canvas.getBoundingClientRect().width;
    const r = Math.round(14 * k);
    const d = ctx.getImageData(Math.round(cx * k) - r, Math.round(cy * k) - r, 2 * r, 2 * r).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && d[i] > 230 && d[i + 1] > 230 && d[i + 2] > 230) n += 1;
    return n;
  }, px);
  expect(ringPixels, 'white start-marker pixels near the clicked point').toBeGreaterThan(5);

  await screenshot(page, 'click-start.png');
  await expectNoFatal(page);
  expect(errors).toEqual([]);
});

test('on the plateau, Adam past the boundary γ = 2β/(1+β) blows up', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);

  await page.locator('#ctl-landscape').selectOption('plateau');
  await expect
    .poll(async () => (await readScene(page)).landscape.name, { timeout: UPDATE_TIMEOUT_MS })
    .toBe('plateau');
  await waitDrawn(page);

  const adam = (await readScene(page)).runs.find((r) => r.optimizer === 'adam');
  expect(adam, 'the default scene has an Adam run').toBeTruthy();
  const adamEntry = page.locator(`.legend li.entry[data-run="${adam.id}"]`);
  await adamEntry.locator('button.name').click();
  await expect(adamEntry).toHaveClass(/selected/);
  // The plateau's own η keeps Adam near the start; η = 0.05 carries it out to where the
  // gradient vanishes, which the blow-up needs.
  await typeValue(page, 'ctl-lr', '0.05');
  await expect
    .poll(async () => (await readScene(page)).runs.find((q) => q.id === adam.id).hyper.lr, { timeout: UPDATE_TIMEOUT_MS })
    .toBe(0.05);

  // A stable setting first: γ = 0.9, β = 0.999.
  await typeValue(page, 'ctl-beta1', '0.9');
  await typeValue(page, 'ctl-beta2', '0.999');
  await expect
    .poll(async () => {
      const r = (await readScene(page)).runs.find((q) => q.id === adam.id);
      return [r.hyper.beta1, r.hyper.beta2];
    }, { timeout: UPDATE_TIMEOUT_MS })
    .toEqual([0.9, 0.999]);
  await expect(page.locator('#stability')).toContainText('stable', { timeout: UPDATE_TIMEOUT_MS });
  await expect(page.locator('#stability')).not.toContainText('unstable');
  await pauseAtEnd(page);
  const stableU = await unorm(page, adam.id);
  expect(stableU, 'the stable Adam run does not diverge and shows ‖u‖∞').not.toBeNull();
  await screenshot(page, 'plateau-stable.png');

  const chart = await chartCanvasSelector(page, /‖u‖∞|max update|update/);
  expect(chart, 'a chart of ‖u‖∞ is on the page').not.toBeNull();
  await snapshotCanvas(page, chart, 'unorm-chart');

  // Past the boundary: γ = 0.99 (slider 500), β = 0.9 (slider 250); 2β/(1+β) = 0.947.
  await slide(page, '#ctl-beta1', 500);
  await slide(page, '#ctl-beta2', 250);
  await expect
    .poll(async () => {
      const r = (await readScene(page)).runs.find((q) => q.id === adam.id);
      return [r.hyper.beta1, r.hyper.beta2];
    }, { timeout: UPDATE_TIMEOUT_MS })
    .toEqual([0.99, 0.9]);
  await expect(page.locator('#stability')).toContainText('unstable', { timeout: UPDATE_TIMEOUT_MS });
  await expect(page.locator('#paper-verdict')).toContainText(/= [−-]0\.0909 < 0/);
  await expect(page.locator('#stability')).toContainText('grows ×1.0436 per step');

  await expect
    .poll(
      async () => {
        if ((await adamEntry.locator('.badge.bad').count()) > 0) return 'diverged';
        const u = await unorm(page, adam.id);
        return u !== null && u > 1000 * stableU && u > 100 ? 'blown up' : `‖u‖∞ ${u}`;
      },
      {
        message: `Adam's ‖u‖∞ climbs far above the stable ${stableU} or the run diverges`,
        timeout: UPDATE_TIMEOUT_MS,
      },
    )
    .toMatch(/^(diverged|blown up)$/);
  if ((await adamEntry.locator('.badge.bad').count()) > 0) {
    await expect(adamEntry.locator('.badge.bad')).toHaveText(/diverged at step \d+/);
  }

  await expect
    .poll(() => diffFromSnapshot(page, chart, 'unorm-chart'), {
      message: 'pixels of the ‖u‖∞ chart that changed',
      timeout: UPDATE_TIMEOUT_MS,
    })
    .toBeGreaterThan(200);

  await pauseAtEnd(page);
  await screenshot(page, 'plateau-unstable.png');

  // Only ε holds the update back (u = m̂ / (√v̂ + ε) ≤ |m̂| / ε once v̂ has collapsed): a
  // hundredfold smaller ε lets ‖u‖∞ grow far more.
  if ((await adamEntry.locator('.badge.bad').count()) === 0) {
    const cappedU = /** @type {number} */ (await unorm(page, adam.id));
    await typeValue(page, 'ctl-eps', '1e-10');
    await expect
      .poll(async () => (await readScene(page)).runs.find((q) => q.id === adam.id).hyper.eps, {
        timeout: UPDATE_TIMEOUT_MS,
      })
      .toBe(1e-10);
    await expect
      .poll(
        async () => {
          if ((await adamEntry.locator('.badge.bad').count()) > 0) return 'diverged';
          const u = await unorm(page, adam.id);
          return u !== null && u > 10 * cappedU && u > 1e3 ? 'larger' : `‖u‖∞ ${u}`;
        },
        { message: `with ε = 1e-10, ‖u‖∞ grows past ${cappedU} (its value with ε = 1e-8)`, timeout: UPDATE_TIMEOUT_MS },
      )
      .toMatch(/^(diverged|larger)$/);
    await pauseAtEnd(page);
    await screenshot(page, 'plateau-unstable-small-eps.png');
  }
  await expectNoFatal(page);
  expect(errors).toEqual([]);
});

test('hiding a run in the legend removes its colour from the map, showing it restores it', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await pauseAtEnd(page);

  // The run that shows most of its colour (the runs overlap in places).
  const scene = await readScene(page);
  const counts = [];
  for (const r of scene.runs) counts.push({ run: r, n: await countColour(page, RUN_COLORS[r.id]) });
  counts.sort((a, b) => b.n - a.n);
  const { run, n: shown } = counts[0];
  const colour = RUN_COLORS[run.id];
  const entry = page.locator(`.legend li.entry[data-run="${run.id}"]`);
  await expect(entry).not.toHaveClass(/hidden/);

  expect(shown, `pixels of ${colour} while run ${run.id} is shown`).toBeGreaterThan(100);

  await entry.locator('button.swatch').click();
  await expect(entry).toHaveClass(/hidden/, { timeout: UPDATE_TIMEOUT_MS });
  await expect(entry.locator('button.swatch')).toHaveAttribute('aria-pressed', 'false');
  await expect
    .poll(() => countColour(page, colour), {
      message: `pixels of ${colour} once run ${run.id} is hidden`,
      timeout: UPDATE_TIMEOUT_MS,
    })
    .toBeLessThan(Math.max(5, shown * 0.02));
  expect((await readScene(page)).runs.find((r) => r.id === run.id).visible).toBe(false);
  // The other runs are still drawn (at least as much of them as before: nothing covers them now).
  for (const { run: other, n } of counts.slice(1)) {
    expect(await countColour(page, RUN_COLORS[other.id]), `run ${other.id} still drawn`).toBeGreaterThanOrEqual(n);
  }
  await screenshot(page, 'legend-hidden.png');

  await entry.locator('button.swatch').click();
  await expect(entry).not.toHaveClass(/hidden/, { timeout: UPDATE_TIMEOUT_MS });
  await expect
    .poll(() => countColour(page, colour), {
      message: `pixels of ${colour} once run ${run.id} is shown again`,
      timeout: UPDATE_TIMEOUT_MS,
    })
    .toBeGreaterThan(shown * 0.9);

  await screenshot(page, 'legend-shown.png');
  await expectNoFatal(page);
  expect(errors).toEqual([]);
});

test('bad input is refused with a message and loses nothing', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  const message = page.locator('#message');

  const scene = await readScene(page);
  const sel = scene.selected;
  const lrBefore = scene.runs.find((r) => r.id === sel).hyper.lr;
  const lrSlider = await page.locator('#ctl-lr').inputValue();

  await typeValue(page, 'ctl-lr', 'abc');
  await expect(message).toBeVisible({ timeout: UPDATE_TIMEOUT_MS });
  await expect(message).toContainText('abc');
  await expect(page.locator('#ctl-lr')).toHaveValue(lrSlider);
  expect((await readScene(page)).runs.find((r) => r.id === sel).hyper.lr).toBe(lrBefore);
  await screenshot(page, 'bad-lr.png');

  const beta2Before = (await readScene(page)).runs.find((r) => r.id === sel).hyper.beta2;
  const beta2Slider = await page.locator('#ctl-beta2').inputValue();
  await typeValue(page, 'ctl-beta2', '1.5');
  await expect(message).toContainText('β: second-moment decay (PyTorch β2) must be in [0, 1)', { timeout: UPDATE_TIMEOUT_MS });
  await expect(page.locator('#ctl-beta2')).toHaveValue(beta2Slider);
  expect((await readScene(page)).runs.find((r) => r.id === sel).hyper.beta2).toBe(beta2Before);
  // A good value afterwards is taken, and clears the message.
  await typeValue(page, 'ctl-beta2', '0.99');
  await expect
    .poll(async () => (await readScene(page)).runs.find((r) => r.id === sel).hyper.beta2, {
      timeout: UPDATE_TIMEOUT_MS,
    })
    .toBe(0.99);
  await expect(message).toBeHidden();
  await expect(page.locator('#ctl-beta2')).toHaveValue('500');
  await expectNoFatal(page);

  // A tampered link: γ (beta1) = 7.
  const tampered = JSON.parse(JSON.stringify(scene));
  tampered.runs.find((r) => r.id === sel).hyper.beta1 = 7.0;
  await openScene(page, tampered);
  await expect(message).toBeVisible({ timeout: UPDATE_TIMEOUT_MS });
  await expect(message).toContainText('beta1');
  await expect(message).toContainText('default scene');
  // The page shows the default scene; the link stays as it was until the user changes something.
  await expect(page.locator('input.typed[data-control="ctl-beta1"]')).toHaveValue('0.9');
  await expect(page.locator('.legend li.entry')).toHaveCount(scene.runs.length);
  const kept = JSON.parse(decodeURIComponent((await page.evaluate(() => location.hash)).slice(3).split('&')[0]));
  expect(kept.runs.find((r) => r.id === sel).hyper.beta1, 'the tampered link is left in place').toBe(7);
  await expect
    .poll(async () => (await canvasDigest(page, 'canvas#trajectory')).opaque, { timeout: UPDATE_TIMEOUT_MS })
    .toBeGreaterThan(50);
  await expectNoFatal(page);
  await screenshot(page, 'tampered-link.png');
  // The first change writes a valid scene back into the address bar.
  await slide(page, '#ctl-beta2', 500);
  await expect.poll(async () => (await readScene(page)).runs.every((r) => r.hyper.beta1 < 1), { timeout: UPDATE_TIMEOUT_MS }).toBe(true);

  // A link that is not JSON at all.
  await page.goto('about:blank');
  await page.goto('/#s=' + encodeURIComponent('{"landscape": not json'));
  await waitDrawn(page);
  await expect(message).toBeVisible({ timeout: UPDATE_TIMEOUT_MS });
  await expect(message).toContainText('default scene');
  await expect(page.locator('#ctl-landscape')).toHaveValue(scene.landscape.name);
  await expectNoFatal(page);

  expect(errors).toEqual([]);
});

test('keyboard: space plays and pauses, → steps, r replays', async ({ page }) => {
  const errors = collectErrors(page);
  // 5000 steps, so the animation cannot finish between two key presses.
  await openEdited(page, (s) => {
    s.steps = 5000;
  });
  await expect(page.locator('#play')).toHaveText(/Pause/, { timeout: UPDATE_TIMEOUT_MS });
  await expect.poll(async () => (await stepLabel(page)).step, { timeout: UPDATE_TIMEOUT_MS }).toBeGreaterThan(0);
  // Keys typed into a box belong to it: start from the page itself.
  await page.locator('body').click({ position: { x: 2, y: 2 } });

  await page.keyboard.press('Space');
  await expect(page.locator('#play')).toHaveText(/Play/, { timeout: UPDATE_TIMEOUT_MS });
  const paused = await stepLabel(page);
  expect(paused.last).toBe(5000);
  expect(paused.step).toBeLessThan(paused.last);
  await page.waitForTimeout(300);
  expect((await stepLabel(page)).step, 'paused: the step does not move').toBe(paused.step);

  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await stepLabel(page)).step, { timeout: UPDATE_TIMEOUT_MS }).toBe(paused.step + 1);
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await stepLabel(page)).step, { timeout: UPDATE_TIMEOUT_MS }).toBe(paused.step + 2);
  await expect(page.locator('#play')).toHaveText(/Play/);
  await expect(page.locator('#timeline')).toHaveValue(String(paused.step + 2));

  await page.keyboard.press('Space');
  await expect(page.locator('#play')).toHaveText(/Pause/, { timeout: UPDATE_TIMEOUT_MS });
  await expect
    .poll(async () => (await stepLabel(page)).step, { message: 'playing again: the step advances', timeout: UPDATE_TIMEOUT_MS })
    .toBeGreaterThan(paused.step + 2);
  await screenshot(page, 'keyboard-playing.png');

  // Late in the run, then r: back to an early step, playing.
  await pauseAtEnd(page);
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('r');
  await expect(page.locator('#play')).toHaveText(/Pause/, { timeout: UPDATE_TIMEOUT_MS });
  await expect
    .poll(async () => (await stepLabel(page)).step, { message: 'r replays from the start', timeout: UPDATE_TIMEOUT_MS })
    .toBeLessThan(1000);
  await page.keyboard.press('Space');
  await expect(page.locator('#play')).toHaveText(/Play/, { timeout: UPDATE_TIMEOUT_MS });
  expect((await stepLabel(page)).step).toBeLessThan(2500);

  await screenshot(page, 'keyboard-reset.png');
  await expectNoFatal(page);
  expect(errors).toEqual([]);
});

test('duplicating, adding and removing runs in the legend', async ({ page }) => {
  const errors = collectErrors(page);
  await openDefault(page);
  await pauseAtEnd(page);
  const entries = page.locator('.legend li.entry');
  await expect(entries).toHaveCount(4);
  const adam = (await readScene(page)).runs.find((r) => r.optimizer === 'adam');
  const adamEntry = page.locator(`.legend li.entry[data-run="${adam.id}"]`);

  // copy: a fifth run with Adam's settings, selected, drawn in its own colour over Adam's path.
  await adamEntry.getByRole('button', { name: 'copy' }).click();
  await expect(entries).toHaveCount(5, { timeout: UPDATE_TIMEOUT_MS });
  const afterCopy = await readScene(page);
  expect(afterCopy.runs).toHaveLength(5);
  const copy = afterCopy.runs[4];
  expect(copy.optimizer).toBe('adam');
  expect(copy.hyper).toEqual(adam.hyper);
  expect(afterCopy.selected).toBe(copy.id);
  const copyEntry = page.locator(`.legend li.entry[data-run="${copy.id}"]`);
  await expect(copyEntry).toHaveClass(/selected/);
  await expect(copyEntry.locator('button.name')).toContainText('Adam');
  await expect
    .poll(() => countColour(page, RUN_COLORS[copy.id]), { message: 'the copy is drawn', timeout: UPDATE_TIMEOUT_MS })
    .toBeGreaterThan(100);

  // Add Lion from the menu.
  await page.locator('.legend select.add').selectOption('lion');
  await expect(entries).toHaveCount(6, { timeout: UPDATE_TIMEOUT_MS });
  const afterAdd = await readScene(page);
  const lion = afterAdd.runs.find((r) => r.optimizer === 'lion');
  expect(lion, 'a Lion run is in the scene').toBeTruthy();
  const lionEntry = page.locator(`.legend li.entry[data-run="${lion.id}"]`);
  await expect(lionEntry.locator('button.name')).toContainText('Lion');
  await expect(page.locator('#ctl-optimizer')).toHaveValue('lion');
  // The menu goes back to its prompt, ready for the next one.
  await expect(page.locator('.legend select.add')).toHaveValue('');
  await screenshot(page, 'legend-added.png');

  // Remove the copy and Lion.
  await copyEntry.getByRole('button', { name: /^Remove / }).click();
  await expect(entries).toHaveCount(5, { timeout: UPDATE_TIMEOUT_MS });
  await expect(copyEntry).toHaveCount(0);
  await lionEntry.getByRole('button', { name: /^Remove / }).click();
  await expect(entries).toHaveCount(4, { timeout: UPDATE_TIMEOUT_MS });
  await expect(lionEntry).toHaveCount(0);
  const afterRemove = await readScene(page);
  expect(afterRemove.runs.map((r) => r.id)).toEqual([1, 2, 3, 4]);
  expect(afterRemove.runs.some((r) => r.id === afterRemove.selected)).toBe(true);
  await expect
    .poll(() => countColour(page, RUN_COLORS[copy.id]), { message: 'the removed copy is no longer drawn', timeout: UPDATE_TIMEOUT_MS })
    .toBeLessThan(5);

  await screenshot(page, 'legend-removed.png');
  await expectNoFatal(page);
  expect(errors).toEqual([]);
});
