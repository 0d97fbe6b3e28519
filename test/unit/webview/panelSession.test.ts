import * as assert from 'assert';
import { CloseClient } from '../../../src/close/client';
import type { Contact } from '../../../src/close/types';
import { ContactsController } from '../../../src/model/contactsController';
import { contactLabel } from '../../../src/model/contactSummary';
import { PanelSession } from '../../../src/ui/panel/panelSession';
import type { ContactMessage, HostToWebview, PanelContact } from '../../../src/webview/protocol';
import { maskEmail } from '../../../src/model/privacyMask';
import { startFakeClose, type FakeClose } from '../../fake/server';
import { leaksIn, secretsOf } from '../../shared/privacyLeaks';

const HOSTILE_NAME = '<img src=x onerror=alert(1)></script><script>alert(2)</script>';

async function waitFor(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface Harness {
  session: PanelSession;
  posts: ContactMessage[];
  copies: [string, string][];
  opened: string[];
  titles: string[];
  logs: string[];
}

describe('detail panel session (against the fake Close server)', () => {
  let fake: FakeClose;
  let controller: ContactsController;
  let contact: Contact;
  const sessions: PanelSession[] = [];
  let privacy = false;

  before(async () => {
    fake = await startFakeClose({ contacts: 40, leads: 6, seed: 7 });
    // A contact with a lead, calls and a hostile display name.
    const found = fake.dataset.contacts.find((c) => typeof c.lead_id === 'string' && (c.emails?.length ?? 0) > 0);
    assert.ok(found);
    found.display_name = HOSTILE_NAME;
    contact = found;
  });

  beforeEach(async () => {
    privacy = false;
    fake.setFaults({});
    const client = new CloseClient({ baseUrl: fake.url, apiKey: fake.apiKey, maxAttempts: 1, retryBaseDelayMs: 1, timeoutMs: 2000 });
    controller = new ContactsController({ client, pageSize: 100, organizationId: fake.me.organizations[0].id });
    await controller.refresh();
    assert.ok(controller.model.get(contact.id), 'the list is loaded');
    fake.resetRequests();
  });

  afterEach(() => {
    for (const s of sessions.splice(0)) {
      s.dispose();
    }
    controller.dispose();
  });

  after(async () => {
    await fake.close();
  });

  function open(contactId: string): Harness {
    const h: Harness = { posts: [], copies: [], opened: [], titles: [], logs: [], session: undefined as unknown as PanelSession };
    h.session = new PanelSession({
      contactId,
      post: (message: HostToWebview) => h.posts.push(JSON.parse(JSON.stringify(message)) as ContactMessage),
      summary: () => controller.model.get(contactId),
      fetchContact: (id, signal) => controller.fetchContact(id, signal),
      leadName: (leadId) => controller.model.leadName(leadId),
      leadStatus: (leadId) => controller.model.leadStatus(leadId),
      copy: async (value, kind) => {
        h.copies.push([value, kind]);
      },
      openExternal: async (url) => {
        h.opened.push(url);
      },
      setTitle: (title) => h.titles.push(title),
      labelOf: (c: PanelContact) =>
        contactLabel({ displayName: c.display_name ?? null, name: c.name ?? null, emails: c.emails ?? [] }),
      privacy: () => privacy,
      log: (line) => h.logs.push(line),
      now: () => 1_700_000_000_000,
    });
    sessions.push(h.session);
    return h;
  }

  function contactFetches(): number {
    return fake.requests.filter((r) => r.path === `/api/v1/contact/${contact.id}/`).length;
  }

  it('posts nothing until the webview is ready, then what the list had, then the full record', async () => {
    const h = open(contact.id);
    assert.strictEqual(h.posts.length, 0);
    assert.strictEqual(contactFetches(), 0, 'nothing fetched before ready');

    h.session.handle({ type: 'ready' });
    assert.strictEqual(h.posts.length, 1);
    const first = h.posts[0];
    assert.strictEqual(first.loading, true);
    assert.strictEqual(first.contact.id, contact.id);
    assert.strictEqual(first.contact.display_name, HOSTILE_NAME);
    assert.deepStrictEqual(first.contact.emails, contact.emails);
    assert.strictEqual(first.contact.recent_calls, undefined, 'the list does not have calls');
    assert.strictEqual(first.lead?.id, contact.lead_id);
    assert.strictEqual(first.lead?.name, controller.model.leadName(contact.lead_id as string));
    assert.ok(first.lead?.name, 'the lead name from the store');
    assert.strictEqual(first.lead?.status, controller.model.leadStatus(contact.lead_id as string));
    assert.ok(first.lead?.status, 'the lead status from the store');
    assert.strictEqual(first.now, 1_700_000_000_000);

    await waitFor('the full record', () => h.posts.length === 2);
    const full = h.posts[1];
    assert.strictEqual(full.loading, false);
    assert.strictEqual(full.error, undefined);
    assert.deepStrictEqual(full.contact, JSON.parse(JSON.stringify(contact)));
    assert.deepStrictEqual(h.titles, [HOSTILE_NAME]);
    assert.strictEqual(contactFetches(), 1);
  });

  it('shows the panel again when its page is rebuilt (ready again) without fetching again', async () => {
    const h = open(contact.id);
    h.session.handle({ type: 'ready' });
    await waitFor('the full record', () => h.posts.length === 2);
    h.session.handle({ type: 'ready' });
    assert.strictEqual(h.posts.length, 3);
    assert.deepStrictEqual(h.posts[2], h.posts[1]);
    assert.strictEqual(contactFetches(), 1);
  });

  it('shows an error with what the list had, and Retry loads again', async () => {
    fake.setFaults({ failRate: { rate: 1, statuses: [500] } });
    const h = open(contact.id);
    h.session.handle({ type: 'ready' });
    await waitFor('the error', () => h.posts.some((p) => p.error !== undefined));
    const failed = h.posts[h.posts.length - 1];
    assert.strictEqual(failed.loading, false);
    assert.match(failed.error ?? '', /^Could not load this contact from Close\. /);
    assert.match(failed.error ?? '', /500/);
    assert.ok(!/status code|\n\s+at /.test(failed.error ?? ''), 'no raw axios text, no stack');
    assert.strictEqual(failed.contact.display_name, HOSTILE_NAME, 'what the list had stays');
    assert.ok(h.logs.some((l) => l.includes('failed')));

    fake.setFaults({});
    const before = h.posts.length;
    h.session.handle({ type: 'retry' });
    assert.strictEqual(h.posts[before].loading, true);
    assert.strictEqual(h.posts[before].error, undefined, 'the error clears while retrying');
    await waitFor('the full record', () => h.posts.length === before + 2);
    assert.strictEqual(h.posts[before + 1].loading, false);
    assert.strictEqual(h.posts[before + 1].error, undefined);
    assert.ok(Array.isArray(h.posts[before + 1].contact.recent_calls));
  });

  it('names a contact Close no longer has, and never shows the key', async () => {
    fake.setFaults({});
    const h = open('cont_gone');
    h.session.handle({ type: 'ready' });
    assert.deepStrictEqual(h.posts[0].contact, { id: 'cont_gone' });
    await waitFor('the error', () => h.posts.length === 2);
    assert.match(h.posts[1].error ?? '', /Could not load this contact from Close/);
    fake.setFaults({ revokeAfter: 0 });
    h.session.handle({ type: 'retry' });
    await waitFor('the 401', () => h.posts.length === 4);
    const all = JSON.stringify(h.posts) + h.logs.join('\n');
    assert.ok(!all.includes(fake.apiKey), 'the key is in no message and no log line');
  });

  it('opens only http(s), mailto and tel links, after checking them again', () => {
    const h = open(contact.id);
    h.session.handle({ type: 'ready' });
    for (const url of ['javascript:alert(1)', 'command:closeCrm.signOut', 'file:///etc/passwd', 'vscode://x', 'data:text/html,x', ' JAVASCRIPT:x']) {
      h.session.handle({ type: 'open', url });
    }
    assert.deepStrictEqual(h.opened, []);
    assert.ok(h.logs.some((l) => l.includes('refused to open')));
    h.session.handle({ type: 'open', url: 'https://example.com/a' });
    h.session.handle({ type: 'open', url: 'mailto:ada@example.com' });
    h.session.handle({ type: 'open', url: 'tel:+16503334444' });
    return waitFor('three opens', () => h.opened.length === 3).then(() => {
      assert.deepStrictEqual(h.opened, ['https://example.com/a', 'mailto:ada@example.com', 'tel:+16503334444']);
    });
  });

  it('checks links itself, never trusting the webview: mailto: loses its query, odd tel: is refused', async () => {
    const h = open(contact.id);
    h.session.handle({ type: 'ready' });
    h.session.handle({ type: 'open', url: 'tel:+1650;phone-context=x' });
    h.session.handle({ type: 'open', url: 'mailto:ada@example.com?attach=/etc/passwd&cc=eve@evil.com&body=x' });
    await waitFor('one open', () => h.opened.length === 1);
    assert.deepStrictEqual(h.opened, ['mailto:ada@example.com']);
    assert.ok(h.logs.some((l) => l.includes('refused to open')));
  });

  it("opens the contact's lead page in Close", async () => {
    const h = open(contact.id);
    h.session.handle({ type: 'ready' });
    h.session.handle({ type: 'openLead' });
    await waitFor('the lead page', () => h.opened.length === 1);
    assert.deepStrictEqual(h.opened, [`https://app.close.com/lead/${encodeURIComponent(contact.lead_id as string)}/`]);
  });

  it('copies, naming the kind for the confirmation', async () => {
    const h = open(contact.id);
    h.session.handle({ type: 'copy', kind: 'email', value: 'ada@example.com' });
    h.session.handle({ type: 'copy', kind: 'phone', value: '+1 650-333-4444' });
    await waitFor('two copies', () => h.copies.length === 2);
    assert.deepStrictEqual(h.copies, [
      ['ada@example.com', 'email'],
      ['+1 650-333-4444', 'phone'],
    ]);
  });

  it('ignores messages of unknown shape', () => {
    const h = open(contact.id);
    for (const raw of [null, 'ready', { type: 'exec', command: 'x' }, { type: 'copy', kind: 'apiKey', value: 'x' }, { type: 'open' }]) {
      h.session.handle(raw);
    }
    assert.deepStrictEqual(h.posts, []);
    assert.deepStrictEqual(h.copies, []);
    assert.deepStrictEqual(h.opened, []);
    assert.strictEqual(h.logs.filter((l) => l.includes('unknown shape')).length, 5);
  });

  it('cancels the request and posts nothing more once disposed', async () => {
    fake.setFaults({ hang: { path: '/contact/' } });
    const h = open(contact.id);
    h.session.handle({ type: 'ready' });
    await waitFor('the request to arrive', () => contactFetches() === 1);
    const load = h.session.load();
    await waitFor('the second request to arrive', () => contactFetches() === 2);
    h.session.dispose();
    await load;
    assert.strictEqual(h.posts.filter((p) => !p.loading).length, 0);
    h.session.handle({ type: 'ready' });
    h.session.handle({ type: 'retry' });
    assert.ok(h.posts.every((p) => p.loading));
  });

  describe('in privacy mode', () => {
    it('never posts a real email or phone (list summary or full record), and copies the real value by its place', async () => {
      privacy = true;
      const secrets = secretsOf([contact]);
      const h = open(contact.id);
      h.session.handle({ type: 'ready' });
      await waitFor('the full record', () => h.posts.length === 2);
      for (const post of h.posts) {
        assert.strictEqual(post.privacy, true);
        assert.deepStrictEqual(leaksIn(JSON.stringify(post), secrets), []);
      }
      const full = h.posts[1];
      assert.strictEqual(full.contact.emails?.[0].email, maskEmail(contact.emails?.[0].email ?? ''));
      assert.strictEqual(full.contact.display_name, HOSTILE_NAME, 'names stay');

      // The webview only has the mask; the host copies the real value at that place.
      h.session.handle({ type: 'copy', kind: 'email', value: full.contact.emails?.[0].email, index: 0 });
      await waitFor('the copy', () => h.copies.length === 1);
      assert.deepStrictEqual(h.copies[0], [contact.emails?.[0].email, 'email']);
      // A value the contact does not hold at that place is not copied in privacy mode.
      h.session.handle({ type: 'copy', kind: 'email', value: 'x•••@example.com' });
      h.session.handle({ type: 'copy', kind: 'email', value: 'x•••@example.com', index: 99 });
      await new Promise((resolve) => setImmediate(resolve));
      assert.strictEqual(h.copies.length, 1);
    });

    it('shows the real values again at once when privacy mode goes off, and masks them when it comes back', async () => {
      const h = open(contact.id);
      h.session.handle({ type: 'ready' });
      await waitFor('the full record', () => h.posts.length === 2);
      assert.strictEqual(h.posts[1].contact.emails?.[0].email, contact.emails?.[0].email);
      privacy = true;
      h.session.privacyChanged();
      assert.strictEqual(h.posts.length, 3);
      assert.strictEqual(h.posts[2].privacy, true);
      assert.deepStrictEqual(leaksIn(JSON.stringify(h.posts[2]), secretsOf([contact])), []);
      privacy = false;
      h.session.privacyChanged();
      assert.strictEqual(h.posts[3].privacy, undefined);
      assert.deepStrictEqual(h.posts[3].contact, JSON.parse(JSON.stringify(contact)));
      assert.strictEqual(contactFetches(), 1, 'no new request');
    });
  });
});
