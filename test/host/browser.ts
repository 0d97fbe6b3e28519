// Debian's Chromium driven by playwright-core (never `playwright install`: no downloads here).
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { CHROMIUM_PATH } from './paths';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface WorkbenchBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Opens `origin` in a fresh context that may read and write the clipboard. */
export async function openBrowser(origin: string, viewport = { width: 1400, height: 900 }): Promise<WorkbenchBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
  const context = await browser.newContext({ viewport });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  return {
    browser,
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
    },
  };
}
