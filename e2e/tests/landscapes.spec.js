// @ts-check
// Choosing a landscape in the menu sets each run's η to the landscape's measured one: no run
// of the default scene diverges on any landscape, the panel says which η and why a landscape
// is hard, and Back restores the old landscape with the old η.
const { test, expect } = require('@playwright/test');
const { collectErrors, openDefault, readScene, pauseAtEnd, screenshot, expectNoFatal } = require('./helpers');

const UPDATE_TIMEOUT_MS = 15_000;

/** Each run's η, in order, from the link. */
async function lrs(page) {
  return (await readScene(page)).runs.map((r) => r.hyper.lr);
}

/** The value in force in the selected run's η box. */
function lrBox(page) {
  return page.locator('input.typed[data-control="ctl-lr"]');
}

test('Goldstein–Price from the menu: η set for it, no run diverged, and Back undoes both', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openDefault(page);
  const before = await lrs(page);
  expect(before).toEqual([1e-3, 0.05, 0.05, 0.05]);
  await expect(page.locator('#steps-note')).toContainText('SGD, momentum 1e-3');

  await page.locator('#ctl-landscape').selectOption('goldstein-price');
  await expect.poll(() => lrs(page), { timeout: UPDATE_TIMEOUT_MS }).toEqual([5e-7, 0.1, 0.1, 0.1]);
  await expect(page.locator('#steps-note')).toHaveText(
    'η set for this landscape: SGD, momentum 5e-7 · Adam-like 0.1 · k-Adam 0.1 · sign 2e-3 · AdaGrad 0.2',
  );
  await expect(page.locator('#hard-note')).toContainText('Hard for fixed steps');
  await expect(lrBox(page)).toHaveValue('0.1');
  await pauseAtEnd(page);
  await expect(page.locator('.legend li.entry')).toHaveCount(4);
  await expect(page.locator('.legend')).not.toContainText('diverged');
  await screenshot(page, 'landscape-goldstein-price.png');

  await page.goBack();
  await expect.poll(async () => (await readScene(page)).landscape.name, { timeout: UPDATE_TIMEOUT_MS }).toBe('rosenbrock');
  expect(await lrs(page)).toEqual(before);
  await expect(page.locator('#ctl-landscape')).toHaveValue('rosenbrock');
  await expect(lrBox(page)).toHaveValue('0.05');
  await expect(page.locator('#hard-note')).toHaveCount(0);

  await page.goForward();
  await expect.poll(() => lrs(page), { timeout: UPDATE_TIMEOUT_MS }).toEqual([5e-7, 0.1, 0.1, 0.1]);
  await expectNoFatal(page);
  expect(errors).toEqual([]);
});

test('every landscape in the menu leaves the default runs undiverged', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openDefault(page);
  const names = await page.locator('#ctl-landscape option').evaluateAll((os) =>
    os.map((o) => /** @type {HTMLOptionElement} */ (o).value).filter((v) => v !== 'formula'),
  );
  expect(names.length).toBe(18);
  for (const name of names) {
    await page.locator('#ctl-landscape').selectOption(name);
    await expect(page.locator('#ctl-landscape')).toHaveValue(name);
    await expect(page.locator('#steps-note')).toContainText('η set for this landscape');
    await pauseAtEnd(page);
    await expect(page.locator('.legend'), name).not.toContainText('diverged');
    await screenshot(page, `landscape-${name}.png`);
  }
  await expectNoFatal(page);
  expect(errors).toEqual([]);
});
