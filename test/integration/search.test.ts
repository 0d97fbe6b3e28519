import * as assert from 'assert';
import { ensureSignedIn, expectedContactLabel, getApi, serverDataset } from './helpers';

describe('search', () => {
  before(async () => ensureSignedIn(await getApi()));

  it('finds a contact by phone digits whatever the formatting', async () => {
    const api = await getApi();
    const { contacts } = await serverDataset();
    const c = contacts.find((x) => (x.phones?.[0]?.phone ?? '').replace(/\D/g, '').length >= 10);
    assert.ok(c);
    const digits = (c.phones?.[0]?.phone ?? '').replace(/\D/g, '').slice(-7);
    const query = `${digits.slice(0, 3)} ${digits.slice(3)}`;
    const hits = api.controller.search(query, 50);
    assert.ok(hits.some((h) => h.contact.id === c.id), `"${query}" did not find ${expectedContactLabel(c)}`);
  });

  it('finds a contact by name prefix, case-insensitively', async () => {
    const api = await getApi();
    const { contacts } = await serverDataset();
    const c = contacts.find((x) => /^[A-Za-z]{3,}/.test(x.display_name ?? ''));
    assert.ok(c);
    const query = (c.display_name ?? '').slice(0, 4).toLowerCase();
    const hits = api.controller.search(query, 200);
    assert.ok(hits.some((h) => h.contact.id === c.id), `"${query}" did not find ${c.display_name}`);
  });

  it('finds a contact by part of an email and labels the hit with its lead', async () => {
    const api = await getApi();
    const { contacts, leads } = await serverDataset();
    const c = contacts.find((x) => x.lead_id && x.emails?.length);
    assert.ok(c);
    const email = c.emails?.[0]?.email ?? '';
    const hits = api.controller.search(email, 20);
    const hit = hits.find((h) => h.contact.id === c.id);
    assert.ok(hit, `"${email}" did not find the contact`);
    const lead = leads.get(c.lead_id ?? '');
    assert.ok([lead?.display_name, lead?.name].includes(hit.leadLabel), `lead label "${hit.leadLabel}"`);
  });

  it('caps the number of results', async () => {
    const api = await getApi();
    assert.ok(api.controller.search('', 5).length <= 5);
    assert.ok(api.controller.search('a', 3).length <= 3);
  });
});
