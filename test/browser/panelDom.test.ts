// The panel's real browser code (bundled like dist/webview.js) in headless Chromium, under the
// panel's real HTML and CSP, fed hostile data: nothing executes, nothing becomes markup, and
// every control posts the message the host expects. Its own tier (npm run test:browser), run
// by scripts/test.sh after the unit tests: the unit tier stays plain Node.
import * as assert from 'assert';
import * as path from 'path';
import * as fs from 'fs';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Contact } from '../../src/close/types';
import { buildPanelHtml } from '../../src/ui/panel/panelHtml';
import type { ContactMessage } from '../../src/webview/protocol';
import { CHROMIUM_FLAGS } from '../host/browser';
import { CHROMIUM_PATH } from '../host/paths';
import { waitFor } from '../host/wait';

const ROOT = path.resolve(__dirname, '../../..');
const ORIGIN = 'https://webview.test';
const NONCE = 'dGVzdC1ub25jZS0xMjM0NTY3OA==';
const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '</script><script>window.__pwned=2</script>';

// Stands in for VS Code's webview API: records what the page posts and keeps its state.
const VSCODE_STUB = `
  window.__posted = [];
  window.__state = undefined;
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => window.__state,
    setState: (s) => { window.__state = s; },
  });
`;

const CONTACT: Contact = {
  id: 'cont_evil',
  name: IMG,
  display_name: SCRIPT,
  title: '[x](command:closeCrm.signOut) <b>bold</b>',
  lead_id: 'lead_1',
  organization_id: 'orga_1',
  created_by: IMG,
  updated_by: null,
  date_created: '2024-01-02T10:00:00Z',
  date_updated: '2024-02-03T11:30:00Z',
  timezone: 'Europe/Paris',
  emails: [
    { email: 'ada@example.com', type: IMG, is_unsubscribed: true },
    { email: `${IMG}@x.com`, type: 'office', is_unsubscribed: false },
  ],
  phones: [{ phone: '+16503334444', phone_formatted: '+1 650-333-4444', type: 'mobile', outbound_sms_blocked: true, tz_ids: ['America/Los_Angeles'] }],
  urls: [
    { url: 'javascript:window.__pwned=3', type: 'url' },
    { url: 'https://ada.example.com/', type: 'url' },
  ],
  integration_links: [{ name: SCRIPT, url: 'command:workbench.action.terminal.new' }],
  recent_calls: [{ id: 'call_1', dialer_id: null, duration: 65, finish_timestamp: '2024-03-01T09:15:00Z', status: 'completed' }],
  subscriptions: [],
};

function message(overrides: Partial<ContactMessage> = {}): ContactMessage {
  return { type: 'contact', contact: CONTACT, lead: { id: 'lead_1', name: IMG }, loading: false, now: Date.parse('2024-03-05T14:07:00Z'), ...overrides };
}

describe('detail panel in a browser (Chromium)', function () {
  let browser: Browser;
  let page: Page;
  let script: string;
  const css = fs.readFileSync(path.join(ROOT, 'media/panel.css'), 'utf8');

  before(async () => {
    const bundled = await build({ entryPoints: [path.join(ROOT, 'src/webview/main/index.ts')], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'silent' });
    script = bundled.outputFiles[0].text;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
  });

  after(async () => {
    await browser?.close();
  });

  /** A new page with the panel's HTML built with `overrides`, once its script has said ready. */
  async function openPanel(overrides: Partial<Parameters<typeof buildPanelHtml>[0]> = {}): Promise<Page> {
    const opened = await browser.newPage();
    await opened.addInitScript(VSCODE_STUB);
    await opened.route(`${ORIGIN}/**`, async (route) => {
      const url = route.request().url();
      if (url === `${ORIGIN}/panel`) {
        const html = buildPanelHtml({
          cspSource: ORIGIN,
          nonce: NONCE,
          scriptUri: `${ORIGIN}/dist/webview.js`,
          styleUri: `${ORIGIN}/media/panel.css`,
          title: SCRIPT,
          lang: 'en',
          l10nBundle: undefined,
          loadingText: 'Loading contact…',
          ...overrides,
        });
        await route.fulfill({ contentType: 'text/html', body: html });
      } else if (url === `${ORIGIN}/dist/webview.js`) {
        await route.fulfill({ contentType: 'text/javascript', body: script });
      } else if (url === `${ORIGIN}/media/panel.css`) {
        await route.fulfill({ contentType: 'text/css', body: css });
      } else {
        await route.fulfill({ status: 404, body: '' });
      }
    });
    await opened.goto(`${ORIGIN}/panel`);
    await opened.waitForFunction('window.__posted.length > 0');
    return opened;
  }

  beforeEach(async () => {
    page = await openPanel();
  });

  afterEach(async () => {
    await page?.close();
  });

  async function send(m: ContactMessage): Promise<void> {
    await page.evaluate(`window.postMessage(${JSON.stringify(m)}, '*')`);
  }

  async function posted(): Promise<unknown[]> {
    return (await page.evaluate('window.__posted')) as unknown[];
  }

  it('says ready first and posts nothing else on its own', async () => {
    assert.deepStrictEqual(await posted(), [{ type: 'ready' }]);
  });

  it('renders hostile values as text: no element, no script, no handler comes from data', async () => {
    await send(message());
    await page.getByTestId('contact-name').waitFor();
    assert.strictEqual(await page.getByTestId('contact-name').textContent(), SCRIPT);
    assert.strictEqual(await page.getByTestId('contact-title').textContent(), '[x](command:closeCrm.signOut) <b>bold</b>');
    assert.strictEqual(await page.locator('img').count(), 0);
    assert.strictEqual(await page.locator('b').count(), 0);
    assert.strictEqual(await page.locator('script').count(), 1, 'only the panel script');
    assert.strictEqual(await page.evaluate('window.__pwned'), undefined);
    const bodyText = (await page.locator('body').textContent()) ?? '';
    assert.ok(bodyText.includes(IMG), 'the payload is visible as text');
    const handlers = await page.evaluate(`[...document.querySelectorAll('*')].some((e) => [...e.attributes].some((a) => a.name.startsWith('on')))`);
    assert.strictEqual(handlers, false);
  });

  it('links only safe targets; javascript: and command: stay plain text', async () => {
    await send(message());
    await page.getByTestId('contact-name').waitFor();
    const hrefs = await page.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.deepStrictEqual(hrefs.sort(), ['https://ada.example.com/', 'https://app.close.com/lead/lead_1/', 'mailto:ada@example.com', 'tel:+16503334444'].sort());
    assert.ok((await page.getByTestId('section-urls').textContent())?.includes('javascript:window.__pwned=3'));
    assert.ok((await page.getByTestId('section-integration-links').textContent())?.includes('command:workbench.action.terminal.new'));
  });

  it('has rows, copy buttons with labels, and posts copy, open and openLead through the host', async () => {
    await send(message());
    await page.getByTestId('email-row').first().waitFor();
    assert.strictEqual(await page.getByTestId('email-row').count(), 2);
    assert.strictEqual(await page.getByTestId('phone-row').count(), 1);
    const copyEmail = page.getByTestId('copy-email').first();
    assert.strictEqual(await copyEmail.getAttribute('aria-label'), 'Copy email ada@example.com');
    await copyEmail.click();
    await page.getByTestId('copy-phone').click();
    await page.getByRole('link', { name: 'ada@example.com' }).click();
    await page.getByTestId('open-in-close').click();
    assert.strictEqual(page.url(), `${ORIGIN}/panel`, 'the page itself never navigates');
    assert.deepStrictEqual((await posted()).slice(1), [
      { type: 'copy', kind: 'email', value: 'ada@example.com', index: 0 },
      { type: 'copy', kind: 'phone', value: '+1 650-333-4444', index: 0 },
      { type: 'open', url: 'mailto:ada@example.com' },
      { type: 'openLead' },
    ]);
  });

  it('is usable by keyboard: Tab reaches the copy button and Enter copies', async () => {
    await send(message());
    await page.getByTestId('copy-email').first().waitFor();
    let label: string | null = null;
    for (let i = 0; i < 10 && label !== 'Copy email ada@example.com'; i++) {
      await page.keyboard.press('Tab');
      label = (await page.evaluate(`document.activeElement?.getAttribute('aria-label') ?? null`)) as string | null;
    }
    assert.strictEqual(label, 'Copy email ada@example.com');
    await page.keyboard.press('Enter');
    assert.deepStrictEqual((await posted()).slice(-1), [{ type: 'copy', kind: 'email', value: 'ada@example.com', index: 0 }]);
    const headings = await page.locator('h1, h2').allTextContents();
    assert.strictEqual(headings[0], SCRIPT);
    assert.ok(headings.includes('Emails') && headings.includes('Phones') && headings.includes('Recent calls'));
  });

  it('says "copied" and errors through its live region, which renders keep', async () => {
    await send(message());
    await page.getByTestId('copy-email').first().waitFor();
    const region = page.locator('#announcer');
    assert.strictEqual(await region.getAttribute('aria-live'), 'polite');
    await page.getByTestId('copy-phone').click();
    assert.ok(await waitFor(async () => (await region.textContent()) === 'Phone number copied', 5000, 25), 'the copy is announced');
    await send(message({ contact: { id: 'cont_evil', display_name: 'Ada' }, loading: false, error: 'Close answered 500.' }));
    assert.ok(await waitFor(async () => (await region.textContent()) === 'Close answered 500.', 5000, 25), 'the error is announced');
  });

  it('a new render keeps the focus on the same control, and takes none while the panel is not focused', async () => {
    await send(message());
    await page.getByTestId('copy-email').first().focus();
    await page.evaluate('window.__focusCalls = 0; const focus = HTMLElement.prototype.focus; HTMLElement.prototype.focus = function (...a) { window.__focusCalls++; return focus.apply(this, a); }');
    await send(message({ contact: { ...CONTACT, title: 'Chief' } }));
    assert.ok(await waitFor(async () => (await page.getByText('Chief').count()) > 0, 5000, 25), 'rendered again');
    assert.strictEqual(await page.evaluate('document.activeElement.dataset.key'), 'copy-email-0');
    // VS Code moved the focus out of the webview (to a quick pick): its document keeps an active
    // element, but a render must not focus it.
    await page.evaluate('window.__focusCalls = 0; document.hasFocus = () => false');
    await send(message({ contact: { ...CONTACT, title: 'Chief Officer' } }));
    assert.ok(await waitFor(async () => (await page.getByText('Chief Officer').count()) > 0, 5000, 25), 'rendered again');
    assert.strictEqual(await page.evaluate('window.__focusCalls'), 0);
  });

  it('opens a link with Space as well as Enter', async () => {
    await send(message());
    const link = page.getByRole('link', { name: 'ada@example.com' });
    await link.focus();
    await page.keyboard.press('Space');
    await link.focus();
    await page.keyboard.press('Enter');
    assert.deepStrictEqual((await posted()).slice(1), [
      { type: 'open', url: 'mailto:ada@example.com' },
      { type: 'open', url: 'mailto:ada@example.com' },
    ]);
  });

  it('shows what the list had while loading, then an error with Retry that posts retry', async () => {
    await send(message({ contact: { id: 'cont_evil', display_name: 'Ada', emails: CONTACT.emails }, loading: true }));
    await page.getByTestId('contact-name').waitFor();
    assert.strictEqual(await page.getByTestId('panel-status').textContent(), 'Loading the full record from Close…');
    assert.strictEqual(await page.locator('main').getAttribute('aria-busy'), 'true');
    assert.ok((await page.getByTestId('section-urls').textContent())?.includes('Loading…'));
    assert.strictEqual(await page.getByTestId('email-row').count(), 2);

    await send(message({ contact: { id: 'cont_evil', display_name: 'Ada' }, loading: false, error: 'Could not load this contact from Close. Close answered 500.' }));
    await page.getByTestId('panel-error').waitFor();
    assert.ok((await page.getByTestId('panel-error').textContent())?.includes('Close answered 500.'));
    await page.getByRole('button', { name: 'Retry loading this contact' }).click();
    assert.deepStrictEqual((await posted()).slice(-1), [{ type: 'retry' }]);
  });

  it('keeps only the contact id as its state, and breaks no CSP rule', async () => {
    await send(message());
    await page.getByTestId('contact-name').waitFor();
    assert.deepStrictEqual(await page.evaluate('window.__state'), { contactId: 'cont_evil' });
    assert.deepStrictEqual(await page.evaluate('window.__violations'), []);
  });

  it("speaks the host's language: translations from the bundle, dates and times from <html lang>", async () => {
    const bundle = {
      Emails: 'E-Mails',
      'Copy email {0}': 'E-Mail {0} kopieren',
      'Copy/A button that copies an email address or a phone number': { message: 'Kopieren', comment: ['x'] },
      'Recent calls': IMG,
    };
    const german = await openPanel({ lang: 'de', l10nBundle: JSON.stringify(bundle) });
    try {
      await german.evaluate(`window.postMessage(${JSON.stringify(message())}, '*')`);
      await german.getByTestId('contact-name').waitFor();
      const headings = await german.locator('h2').allTextContents();
      assert.ok(headings.includes('E-Mails'), headings.join(', '));
      assert.ok(headings.includes('Phones'), 'a message the bundle lacks stays English');
      assert.ok(headings.includes(IMG), 'a translation is text too');
      const copyEmail = german.getByTestId('copy-email').first();
      assert.strictEqual(await copyEmail.getAttribute('aria-label'), 'E-Mail ada@example.com kopieren');
      assert.strictEqual(await copyEmail.textContent(), 'Kopieren');
      // date_created 2024-01-02T10:00:00Z in the browser's zone: a German date, whatever the hour.
      assert.match((await german.getByTestId('section-record').textContent()) ?? '', /0[12]\.01\.2024/);
      // The local time in Europe/Paris on a Tuesday, with a German weekday.
      assert.match((await german.getByTestId('section-timezone').textContent()) ?? '', /Di\.?,? 15:07/);
      assert.strictEqual(await german.locator('img').count(), 0);
      assert.strictEqual(await german.locator('script').count(), 1);
      assert.strictEqual(await german.evaluate('window.__pwned'), undefined);
      assert.deepStrictEqual(await german.evaluate('window.__violations'), []);
    } finally {
      await german.close();
    }
  });

  it('shows English when the bundle is not one', async () => {
    const broken = await openPanel({ lang: 'qps-ploc', l10nBundle: '{"Emails": ' });
    try {
      await broken.evaluate(`window.postMessage(${JSON.stringify(message())}, '*')`);
      await broken.getByTestId('contact-name').waitFor();
      assert.ok((await broken.locator('h2').allTextContents()).includes('Emails'));
    } finally {
      await broken.close();
    }
  });

  it('refuses an inline script the CSP does not allow (the CSP is in force)', async () => {
    await page.evaluate(`{
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = 4';
      document.body.append(s);
    }`);
    await page.waitForFunction('window.__violations.length > 0');
    assert.strictEqual(await page.evaluate('window.__pwned'), undefined);
  });
});
