import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newPage, pageProblems } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const PAGES = [
  '/',
  '/treatment',
  '/is-it-for-me',
  '/what-to-expect',
  '/safety',
  '/depression',
  '/faq',
  '/privacy',
  '/references',
  '/self-check',
  '/search',
  '/stories',
  '/locations',
];

/** A page in a context with or without JavaScript that records every request it makes. */
async function openPage(javaScript: boolean, width = 1280): Promise<{ page: Page; requests: string[] }> {
  let page: Page;
  if (javaScript) {
    page = await newPage(browser, { width });
  } else {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  }
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  return { page, requests };
}

async function expectCrisisBarFirst(page: Page): Promise<void> {
  const first = page.locator('body > *').first();
  await expect(first.getAttribute('class')).resolves.toBe('crisis');
  await expect(first.textContent()).resolves.toMatch(/In crisis\? Call 988 or text 988/);
  await expect(first.getByRole('link', { name: 'text 988' }).getAttribute('href')).resolves.toBe('sms:988');
  expect(await first.isVisible()).toBe(true);
}

describe('public site pages', () => {
  // One test per page, so each axe scan has its own time budget however many pages there are.
  for (const javaScript of [false, true]) {
    for (const path of PAGES) {
      it(`${path} renders ${javaScript ? 'with' : 'without'} JavaScript, shows the crisis bar, passes axe and loads nothing from another origin`, async () => {
        const { page, requests } = await openPage(javaScript);
        const response = await page.goto(`${server.baseUrl}${path}`);
        expect(response?.status(), path).toBe(200);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await expectCrisisBarFirst(page);
        if (javaScript) await expectAccessible(page, path);
        const origin = new URL(server.baseUrl).origin;
        const foreign = requests.filter((url) => new URL(url).origin !== origin);
        expect(foreign).toEqual([]);
        expect(pageProblems(page)).toEqual([]);
        await page.context().close();
      });
    }
  }

  it('shows an unknown address as a 404 page with the crisis bar first, with or without JavaScript', async () => {
    for (const javaScript of [false, true]) {
      const { page } = await openPage(javaScript);
      const response = await page.goto(`${server.baseUrl}/no-such-page`);
      expect(response?.status()).toBe(404);
      await page.getByRole('heading', { level: 1, name: 'We could not find that page' }).waitFor();
      await expectCrisisBarFirst(page);
      if (javaScript) await expectAccessible(page, '404 page');
      await page.context().close();
    }
  });

  it('passes axe on a phone-sized screen, where the menu wraps', async () => {
    const { page } = await openPage(true, 375);
    for (const path of ['/', '/self-check', '/depression']) {
      await page.goto(`${server.baseUrl}${path}`);
      await expectAccessible(page, `${path} (phone)`);
    }
    await page.context().close();
  });
});

async function answer(page: Page, values: number[]): Promise<void> {
  for (const [i, value] of values.entries()) {
    await page.locator(`input[name="q${i + 1}"][value="${value}"]`).check();
  }
}

describe('self-check', () => {
  for (const javaScript of [false, true]) {
    it(`scores the PHQ-9 and explains the band ${javaScript ? 'in the browser' : 'on the server'}`, async () => {
      const { page, requests } = await openPage(javaScript);
      await page.goto(`${server.baseUrl}/self-check`);
      await answer(page, [2, 2, 1, 1, 1, 1, 1, 1, 0]);
      const posts: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST') posts.push(r.url());
      });
      await page.getByRole('button', { name: 'See my result' }).click();
      await page.getByRole('heading', { name: 'Your result' }).waitFor();
      await expect(page.locator('.score').textContent()).resolves.toBe('10 out of 27');
      await expect(page.locator('#result').textContent()).resolves.toContain('moderate');
      expect(await page.locator('#crisis-first').count()).toBe(0);
      // With JavaScript the answers never leave the browser.
      expect(posts.length).toBe(javaScript ? 0 : 1);
      if (javaScript) await expectAccessible(page, 'self-check result');
      expect(requests.every((url) => new URL(url).origin === new URL(server.baseUrl).origin)).toBe(true);
      await page.context().close();
    });

    it(`puts crisis resources first when item 9 is above "not at all" (${javaScript ? 'JS' : 'no JS'})`, async () => {
      const { page } = await openPage(javaScript);
      await page.goto(`${server.baseUrl}/self-check`);
      await answer(page, [1, 1, 0, 0, 0, 0, 0, 0, 2]);
      await page.getByRole('button', { name: 'See my result' }).click();
      const crisis = page.locator('#crisis-first');
      await crisis.waitFor();
      const order = await page
        .evaluate(() => {
          const c = document.getElementById('crisis-first');
          const r = document.getElementById('result');
          return c && r ? c.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
        })
        .catch(() => null);
      // Without JavaScript page.evaluate still runs (it is the test's script, not the page's).
      expect(order).toBeTruthy();
      await expect(crisis.textContent()).resolves.toContain('988');
      await expect(crisis.getByRole('link', { name: 'call 988' }).getAttribute('href')).resolves.toBe(
        'tel:988',
      );
      await expect(crisis.getByRole('link', { name: 'text 988' }).getAttribute('href')).resolves.toBe(
        'sms:988',
      );
      await page.context().close();
    });

    it(`names each missing answer next to its question (${javaScript ? 'JS' : 'no JS'})`, async () => {
      const { page } = await openPage(javaScript);
      await page.goto(`${server.baseUrl}/self-check`);
      await answer(page, [1, 1, 1]);
      await page.getByRole('button', { name: 'See my result' }).click();
      await page.locator('#q9-error').waitFor();
      await expect(page.locator('#q9-error').textContent()).resolves.toBe('Choose an answer for question 9.');
      await expect(page.locator('input[name="q1"][value="1"]').isChecked()).resolves.toBe(true);
      if (javaScript) await expectAccessible(page, 'self-check with errors');
      await page.context().close();
    });
  }

  for (const javaScript of [false, true]) {
    it(`offers to send the answers with a call-back request, never in a URL (${javaScript ? 'JS' : 'no JS'})`, async () => {
      const { page, requests } = await openPage(javaScript);
      await page.goto(`${server.baseUrl}/self-check`);
      await answer(page, [0, 1, 2, 3, 0, 1, 2, 3, 0]);
      await page.getByRole('button', { name: 'See my result' }).click();
      await page.getByRole('button', { name: 'Ask for a call and send my answers' }).click();
      await page.getByRole('heading', { level: 1, name: 'Ask us to call you' }).waitFor();
      const sendAnswers = page.getByRole('checkbox', { name: /Send my self-check answers/ });
      await expect(sendAnswers.isChecked()).resolves.toBe(true);
      await expect(page.locator('input[name="selfCheck"]').inputValue()).resolves.toBe('0,1,2,3,0,1,2,3,0');
      expect(page.url()).toBe(`${server.baseUrl}/callback/self-check`);
      expect(requests.filter((url) => url.includes('selfCheck') || url.includes('q1='))).toEqual([]);
      await page.context().close();
    });
  }
});

describe('site search', () => {
  it('finds pages without JavaScript', async () => {
    const { page } = await openPage(false);
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('link', { name: 'Search', exact: true }).click();
    await page.getByLabel('Search this site').fill('blood pressure');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: /match/ }).waitFor();
    await expect(
      page.getByRole('link', { name: 'Safety and side effects' }).count(),
    ).resolves.toBeGreaterThan(0);
    await page.context().close();
  });
});
