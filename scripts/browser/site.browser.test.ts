import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { serveStatic } from '../lib/static-server.ts';
import { pagesOf } from '../page-weight.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'dist');
const artifacts = path.join(root, 'test-artifacts', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The tallest a page of prose may be at 1280 px before it should be split. */
const MAX_PAGE_HEIGHT = 24_000;

/** Every built page but the redirect stubs Astro writes for old URLs. */
const sitePages = () =>
  pagesOf(dist)
    .filter((file) => !readFileSync(file, 'utf8').includes('http-equiv="refresh"'))
    .map((file) =>
      `/${path.relative(dist, path.dirname(file))}/`.replace(/\/+$/, '/').replace(/^\/\.?\//, '/'),
    );

describe('the built site in headless Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let site: { url: string; server: Server };

  before(async () => {
    assert.ok(
      existsSync(path.join(dist, 'index.html')),
      'No built site in dist/: run `npm run build` first',
    );
    assert.ok(
      existsSync(CHROMIUM),
      `No Chromium at ${CHROMIUM}: install Debian's with \`apt-get install -y chromium\``,
    );
    site = await serveStatic(dist);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
  });
  after(async () => {
    await browser?.close();
    site?.server.close();
  });

  async function open(pathname: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${site.url}${pathname}`, { waitUntil: 'load' });
    return { page, errors };
  }

  /** Opens each page in turn in one tab of this width; what went wrong, page by page. */
  async function sweep(width: number, pathnames: string[]): Promise<string[]> {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    const failures: string[] = [];
    let current = '';
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(`${width} px ${current}: ${message.text()}`);
    });
    page.on('pageerror', (error) => failures.push(`${width} px ${current}: ${error.message}`));
    for (const pathname of pathnames) {
      current = pathname;
      await page.goto(`${site.url}${pathname}`, { waitUntil: 'load' });
      const { sideways, height } = await page.evaluate(() => ({
        sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        height: document.documentElement.scrollHeight,
      }));
      if (sideways > 0) failures.push(`${width} px ${pathname}: scrolls ${sideways} px sideways`);
      // A page this long is several pages; whole source files and the generated API reference excepted.
      const longAllowed = /^\/(source|api-reference)\//.test(pathname);
      if (width === 1280 && height > MAX_PAGE_HEIGHT && !longAllowed) {
        failures.push(`${width} px ${pathname}: ${height} px tall, more than ${MAX_PAGE_HEIGHT}`);
      }
    }
    await page.close();
    return failures;
  }

  it('when every page is opened at 1280 px and at 390 px, then none logs a console error, scrolls sideways or runs past 24,000 px', async function () {
    const pages = sitePages();
    // A guard against a hang, not a speed limit: the site grows, and a shared machine may be slow.
    this.timeout(pages.length * 3_000);

    const failures = await Promise.all([sweep(1280, pages), sweep(390, pages)]);

    assert.deepEqual(failures.flat(), []);
  });

  it('when the sidebar is read, then it lists every section, in Diátaxis order', async () => {
    const { page } = await open('/introduction/');

    const labels = (await page.locator('nav.sidebar').textContent()) ?? '';

    const sections = ['Start here', 'Tutorial', 'How-to guides', 'Reference', 'Explanation'];
    const at = sections.map((section) => labels.indexOf(section));
    assert.ok(
      at.every((index, n) => index >= 0 && (n === 0 || index > (at[n - 1] ?? 0))),
      `sidebar sections out of order or missing:\n${labels}`,
    );
    for (const entry of ['API', 'Database', 'Libraries', 'Services', 'Workers', 'Error codes']) {
      assert.ok(labels.includes(entry), `sidebar has no ${entry}:\n${labels}`);
    }
    await page.close();
  });

  it('when the front page is read on a phone, then it shows the cards and a layer diagram whose text is at least 12 px', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
    await page.goto(`${site.url}/`, { waitUntil: 'load' });

    const cards = await page.locator('.card-grid a').allInnerTexts();
    const sizes = await page
      .locator('.layer-diagram code')
      .evaluateAll((codes) =>
        codes.map((code) => Number.parseFloat(getComputedStyle(code).fontSize)),
      );

    for (const card of ['Tutorial', 'How-to guides', 'Reference', 'Explanation']) {
      assert.ok(
        cards.some((text) => text.includes(card)),
        `no card for ${card}: ${cards.join(' | ')}`,
      );
    }
    assert.ok(
      sizes.length > 0 && Math.min(...sizes) >= 12,
      `diagram text sizes: ${sizes.join(', ')}`,
    );
    await page.close();
  });

  it("when a snippet's caption is followed, then the file's own page marks exactly the quoted lines", async () => {
    const { page } = await open('/tutorial/');
    const snippet = page.locator('figure.snippet').nth(1);
    const caption = snippet.locator('figcaption a');
    const [, first, last] =
      /lines? (\d+)(?:–(\d+))?/.exec((await caption.textContent()) ?? '') ?? [];
    const quoted = await snippet.locator('.ec-line').allTextContents();

    await caption.click();
    await page.waitForURL(/\/source\//);
    const marked = page.locator('.source-file .line.quoted');
    const ids = await marked.evaluateAll((lines) => lines.map((line) => line.id));
    const text = await marked.allTextContents();

    assert.deepEqual([ids[0], ids.at(-1)], [`L${first}`, `L${last ?? first}`]);
    assert.equal(text[0]?.trim(), quoted[0]?.trim());
    assert.equal(text.at(-1)?.trim(), quoted.at(-1)?.trim());
    await page.close();
  });

  it("when an operation's link to its recorded exchange is followed, then that exchange is open", async () => {
    const { page } = await open('/api-reference/operations/register/');

    await page.locator('a[href="/reference/api/examples/#operation-register"]').first().click();
    await page.waitForURL(/#operation-register$/);
    const opened = await page.locator('details#operation-register').getAttribute('open');
    const exchange = await page.locator('details#operation-register .ec-line').allTextContents();

    assert.equal(opened, '');
    assert.match(exchange.join('\n'), /POST \/api\/client\/auth\/register HTTP\/1\.1/);
    await page.close();
  });

  it('when someone searches for "repository", then the Repositories page is among the results', async () => {
    const { page } = await open('/');

    await page.locator('site-search button').first().click();
    await page.locator('dialog input[type="search"], dialog input').first().fill('repository');
    const result = page.locator('dialog a[href*="/reference/database/repositories/"]').first();
    await result.waitFor({ timeout: 15_000 });

    assert.ok(await result.isVisible());
    await page.close();
  });

  it('when a page shows code, then each block carries its file name as title', async () => {
    const { page } = await open('/reference/database/models/');

    const titles = await page.locator('.expressive-code figcaption .title').allInnerTexts();

    assert.ok(
      titles.includes('reference-app/src/database/models/user-model.ts'),
      titles.join(', '),
    );
    await page.close();
  });

  it('when the theme is switched to dark and back, then the page follows', async () => {
    const { page } = await open('/introduction/');
    const select = page.locator('starlight-theme-select select').first();

    await select.selectOption('dark');
    const dark = await page.evaluate(() => document.documentElement.dataset.theme);
    await select.selectOption('light');
    const light = await page.evaluate(() => document.documentElement.dataset.theme);

    assert.deepEqual([dark, light], ['dark', 'light']);
    await page.close();
  });

  it('when pages are photographed at 1280 px and at 390 px, then the screenshots are written as artefacts', async () => {
    mkdirSync(artifacts, { recursive: true });
    for (const width of [1280, 390]) {
      for (const [name, pathname] of [
        ['front-page', '/'],
        ['tutorial', '/tutorial/'],
        ['models', '/reference/database/models/'],
        ['http-examples', '/reference/api/examples/'],
      ] as const) {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        await page.goto(`${site.url}${pathname}`, { waitUntil: 'load' });
        const file = path.join(artifacts, `${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: false });
        assert.ok(existsSync(file));
        await page.close();
      }
    }
  });
});
