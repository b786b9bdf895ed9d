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

  it('when every page is opened, then none logs a console error', async function () {
    const pages = sitePages();
    // A guard against a hang, not a speed limit: the site grows, and a shared machine may be slow.
    this.timeout(pages.length * 3_000);
    const failures: string[] = [];
    for (const pathname of pages) {
      const { page, errors } = await open(pathname);
      if (errors.length) failures.push(`${pathname}: ${errors.join(' | ')}`);
      await page.close();
    }

    assert.deepEqual(failures, []);
  });

  it('when the sidebar is read, then it lists every section', async () => {
    const { page } = await open('/introduction/');

    const labels = (await page.locator('nav.sidebar').textContent()) ?? '';

    const sections = [
      'Introduction',
      'Getting started',
      'Reference',
      'API',
      'Database',
      'Libraries',
    ];
    for (const section of [
      ...sections,
      'Services',
      'Workers',
      'Utilities',
      'Error codes',
      'Guides',
      'Contributing',
    ]) {
      assert.ok(labels.includes(section), `sidebar has no ${section}:\n${labels}`);
    }
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

  it('when three pages are photographed, then the screenshots are written as artefacts', async () => {
    mkdirSync(artifacts, { recursive: true });
    for (const [name, pathname] of [
      ['introduction', '/introduction/'],
      ['models', '/reference/database/models/'],
      ['http-examples', '/reference/api/examples/'],
    ] as const) {
      const { page } = await open(pathname);
      const file = path.join(artifacts, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      assert.ok(existsSync(file));
      await page.close();
    }
  });
});
