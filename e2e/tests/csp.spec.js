// @ts-check
// The page ships a strict Content-Security-Policy and works under it: no inline script or
// style, no markup written from script. Every violation is an event the page can hear.
const { test, expect } = require('@playwright/test');
const { collectErrors, openDefault, screenshot, RUN_COLORS, UPDATE_TIMEOUT_MS } = require('./helpers');

const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';

/** Records every CSP violation in window.__violations, from before the page's first script. */
async function watchViolations(page) {
  await page.addInitScript(() => {
    // @ts-ignore
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      // @ts-ignore
      window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}

// @ts-ignore
const violations = (page) => page.evaluate(() => window.__violations);

/** The policy the served page declares, as { directive: value }. */
async function servedPolicy(request) {
  const res = await request.get('/');
  expect(res.ok()).toBe(true);
  const html = await res.text();
  const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  expect(m, 'index.html has a CSP meta tag').not.toBeNull();
  const policy = {};
  for (const part of m[1].split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) policy[name] = values.join(' ');
  }
  return { policy, html };
}

/** The equation renders as MathML elements that the browser lays out (a rule without a
 * fraction, plain SGD say, passes `needFraction` false). */
async function expectMathml(page, needFraction = false) {
  const math = await page.locator('#equations math').evaluate((el) => {
    const frac = el.querySelector('mfrac');
    return {
      ns: el.namespaceURI,
      children: [...el.querySelectorAll('*')].every((c) => c.namespaceURI === el.namespaceURI),
      height: el.getBoundingClientRect().height,
      fracHeight: frac ? frac.getBoundingClientRect().height : null,
    };
  });
  expect(math.ns).toBe(MATHML_NS);
  expect(math.children, 'every element under <math> is MathML').toBe(true);
  expect(math.height, 'the formula is laid out').toBeGreaterThan(0);
  if (needFraction) expect(math.fracHeight, 'the rule has a fraction').not.toBeNull();
  if (math.fracHeight !== null) expect(math.fracHeight, 'the fraction is laid out').toBeGreaterThan(0);
}

test('the served page carries a strict policy', async ({ request }) => {
  const { policy, html } = await servedPolicy(request);
  expect(policy['script-src']).toBe("'self' 'wasm-unsafe-eval'");
  expect(policy['style-src']).toBe("'self'");
  expect(policy['default-src']).toBe("'self'");
  expect(policy['object-src']).toBe("'none'");
  expect(policy['base-uri']).toBe("'none'");
  expect(policy['require-trusted-types-for']).toBe("'script'");
  // One named policy: the one that vets the map's worker URL.
  expect(policy['trusted-types']).toBe('optiscape-worker');
  expect(html, 'no inline script').not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
  expect(html, 'no inline style').not.toMatch(/<style|\sstyle=/i);
});

test('the page draws, renders MathML and breaks no rule of its policy', async ({ page }) => {
  const errors = collectErrors(page);
  await watchViolations(page);
  await openDefault(page);
  await expectMathml(page, true);
  await expect(page.locator('#fatal-error')).toBeHidden();
  expect(await page.evaluate(() => typeof window['optiscape']?.optiscape_perf)).toBe('function');

  // Run colours come from classes: each swatch shows its run's colour.
  const swatches = await page.locator('.legend li.entry').evaluateAll((lis) =>
    lis.map((li) => ({
      id: li.getAttribute('data-run'),
      bg: getComputedStyle(/** @type {Element} */ (li.querySelector('button.swatch'))).backgroundColor,
      style: li.querySelector('[style]') !== null,
    })),
  );
  for (const s of swatches) {
    const hex = RUN_COLORS[Number(s.id)];
    const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ');
    expect(s.bg, `run ${s.id}'s swatch`).toBe(`rgb(${rgb})`);
    expect(s.style, 'no style attribute in the legend').toBe(false);
  }
  await screenshot(page, 'csp-default.png');

  // Every lesson.
  const lessons = await page.locator('#preset option').evaluateAll((os) =>
    os.map((o) => /** @type {HTMLOptionElement} */ (o).value).filter((v) => v),
  );
  expect(lessons.length).toBeGreaterThan(0);
  for (const key of lessons) {
    await page.selectOption('#preset', key);
    await expect(page.locator('#lesson')).toBeVisible({ timeout: UPDATE_TIMEOUT_MS });
    await expectMathml(page);
  }

  expect(await violations(page), 'no violation while opening the lessons').toEqual([]);

  // A run of each optimizer, added, selected, then removed to stay under the limit.
  await openDefault(page);
  const optimizers = await page.locator('.legend select.add option').evaluateAll((os) =>
    os.map((o) => /** @type {HTMLOptionElement} */ (o).value).filter((v) => v),
  );
  expect(optimizers.length).toBeGreaterThan(10);
  const entries = page.locator('.legend li.entry');
  const before = await entries.count();
  for (const name of optimizers) {
    await page.locator('.legend select.add').selectOption(name);
    await expect(entries).toHaveCount(before + 1, { timeout: UPDATE_TIMEOUT_MS });
    const added = entries.last();
    await added.locator('button.name').click();
    await expect(added).toHaveClass(/selected/);
    await expect(page.locator('#ctl-optimizer')).toHaveValue(name);
    await expectMathml(page);
    await added.locator('button.icon[title="Remove this run"]').click();
    await expect(entries).toHaveCount(before, { timeout: UPDATE_TIMEOUT_MS });
  }

  expect(await violations(page), 'no violation while selecting the runs').toEqual([]);
  expect(errors).toEqual([]);
});

test('a violation would be seen: a style attribute and innerHTML are refused', async ({ page }) => {
  await watchViolations(page);
  await openDefault(page);
  await page.evaluate(() => document.body.setAttribute('style', 'color: red'));
  await expect.poll(() => violations(page)).toContainEqual(expect.stringContaining('style-src'));
  const refused = await page.evaluate(() => {
    try {
      /** @type {HTMLElement} */ (document.getElementById('fatal-error')).innerHTML = '<b>x</b>';
      return false;
    } catch (e) {
      return e instanceof TypeError;
    }
  });
  expect(refused, 'Trusted Types refuse markup from script').toBe(true);
});
