import * as assert from 'node:assert/strict';
import { CloseClient } from '../../../src/close/client';
import type { Contact } from '../../../src/close/types';
import type { FakeClose } from '../../fake/server';
import { clientFor, fakeClose, iterateContacts, listBody, rejection, SECRET_KEY, tinyServer } from './helpers';

describe('CloseClient: requests and paging', () => {
  let fake: FakeClose;

  before(async () => {
    fake = await fakeClose({ contacts: 250, leads: 12 });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.resetRequests();
    fake.setFaults({});
  });

  it('sends every seed parameter of GET /contact/ and Basic auth with the key', async () => {
    const { client } = clientFor(fake.url);
    const leadId = fake.dataset.contacts.find((c) => c.lead_id)?.lead_id as string;
    const page = await client.listContacts({ limit: 3, skip: 1, fields: ['id', 'name', 'lead_id'], leadId });
    assert.equal(fake.requests.length, 1);
    const request = fake.requests[0];
    assert.equal(request?.method, 'GET');
    assert.equal(request?.path, '/api/v1/contact/');
    assert.deepEqual(request?.query, { _limit: '3', _skip: '1', _fields: 'id,name,lead_id', lead_id: leadId });
    assert.equal(request?.authorization, 'basic');
    const expected = fake.dataset.contacts.filter((c) => c.lead_id === leadId).slice(1, 4);
    assert.deepEqual(
      page.data.map((c) => c.id),
      expected.map((c) => c.id),
    );
    for (const contact of page.data) {
      assert.deepEqual(Object.keys(contact).sort(), ['id', 'lead_id', 'name']);
      assert.equal(contact.lead_id, leadId);
    }
  });

  it('leaves out parameters that are not given', async () => {
    const { client } = clientFor(fake.url);
    const page = await client.listContacts({});
    assert.deepEqual(fake.requests[0]?.query, {});
    assert.equal(page.data.length, 100);
    assert.equal(page.has_more, true);
  });

  it('pages to the end following has_more, nothing lost or repeated', async () => {
    const { client } = clientFor(fake.url);
    const seen: string[] = [];
    for await (const page of iterateContacts(client, { limit: 40, fields: ['id'] })) {
      seen.push(...page.map((c) => c.id));
    }
    assert.deepEqual(
      seen,
      fake.dataset.contacts.map((c) => c.id),
    );
    assert.equal(new Set(seen).size, 250);
    assert.deepEqual(
      fake.requests.map((r) => r.query._skip),
      ['0', '40', '80', '120', '160', '200', '240'],
    );
  });

  it('pages one lead with lead_id', async () => {
    const { client } = clientFor(fake.url);
    const leadId = fake.dataset.leads[0]?.id as string;
    const seen: Contact[] = [];
    for await (const page of iterateContacts(client, { limit: 2, leadId })) {
      seen.push(...page);
    }
    const expected = fake.dataset.contacts.filter((c) => c.lead_id === leadId).map((c) => c.id);
    assert.ok(expected.length > 2, 'the lead should need several pages');
    assert.deepEqual(
      seen.map((c) => c.id),
      expected,
    );
    assert.ok(fake.requests.every((r) => r.query.lead_id === leadId));
  });

  it('gets one contact with _fields, and URL-encodes ids in the path', async () => {
    const { client } = clientFor(fake.url);
    const target = fake.dataset.contacts[5] as Contact;
    const contact = await client.getContact(target.id, ['id', 'display_name']);
    assert.deepEqual(contact, { id: target.id, display_name: target.display_name });
    assert.equal(fake.requests[0]?.path, `/api/v1/contact/${target.id}/`);
    assert.deepEqual(fake.requests[0]?.query, { _fields: 'id,display_name' });

    const full = await client.getContact(target.id);
    assert.deepEqual(full, target);

    const error = await rejection(client.getContact('a/b?c#d'));
    assert.equal(error.kind, 'notFound');
    assert.equal(fake.requests[2]?.path, '/api/v1/contact/a%2Fb%3Fc%23d/');
  });

  it('lists and gets leads, and gets the user behind the key', async () => {
    const { client } = clientFor(fake.url);
    const page = await client.listLeads({ limit: 5, skip: 2, fields: ['id', 'display_name'] });
    assert.deepEqual(fake.requests[0]?.query, { _limit: '5', _skip: '2', _fields: 'id,display_name' });
    assert.equal(fake.requests[0]?.path, '/api/v1/lead/');
    assert.deepEqual(
      page.data.map((l) => l.id),
      fake.dataset.leads.slice(2, 7).map((l) => l.id),
    );
    assert.equal(page.has_more, true);

    const leadId = fake.dataset.leads[3]?.id as string;
    const lead = await client.getLead(leadId, ['id', 'display_name', 'html_url']);
    assert.equal(lead.id, leadId);
    assert.equal(fake.requests[1]?.path, `/api/v1/lead/${leadId}/`);

    const me = await client.getMe();
    assert.deepEqual(me, fake.me);
    assert.equal(fake.requests[2]?.path, '/api/v1/me/');
  });

  it('every path ends with a slash, even with a trailing slash on the base URL', async () => {
    const { client } = clientFor(`${fake.url}/`);
    await client.getMe();
    await client.listLeads({});
    await client.listContacts({ limit: 1 });
    assert.deepEqual(
      fake.requests.map((r) => r.path),
      ['/api/v1/me/', '/api/v1/lead/', '/api/v1/contact/'],
    );
  });

  it('refuses a bad base URL or key before sending anything', async () => {
    for (const baseUrl of ['not a url', 'http://api.example.com/api/v1', `${fake.url}?x=1`, 'ftp://127.0.0.1/api']) {
      const { client } = clientFor(baseUrl);
      const error = await rejection(client.getMe());
      assert.equal(error.kind, 'config', baseUrl);
      assert.match(error.message, /closeCrm\.apiBaseUrl/);
    }
    for (const apiKey of ['', '   ', 'api_abc\n', 'api abc']) {
      const client = new CloseClient({ baseUrl: fake.url, apiKey });
      const error = await rejection(client.getMe());
      assert.equal(error.kind, 'config');
      assert.match(error.message, /Set API Key/);
    }
    assert.equal(fake.requests.length, 0);
  });

  it('does not follow redirects (the key would go along)', async () => {
    const elsewhere = await tinyServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(listBody(['x']));
    });
    const redirecting = await tinyServer((_req, res) => {
      res.writeHead(302, { Location: `${elsewhere.url.replace('127.0.0.1', 'localhost')}/contact/` }).end();
    });
    try {
      const { client } = clientFor(redirecting.url);
      const error = await rejection(client.listContacts({}));
      assert.equal(error.kind, 'badResponse');
      assert.equal(error.status, 302);
      assert.match(error.message, /redirect/);
      assert.equal(elsewhere.hits, 0);
      assert.equal(redirecting.hits, 1);
    } finally {
      await redirecting.close();
      await elsewhere.close();
    }
  });

  it('logs one line per request, with path and query, status and time', async () => {
    const { client, lines } = clientFor(fake.url);
    await client.listContacts({ limit: 100, skip: 200, fields: ['id', 'name'] });
    assert.equal(lines.length, 1);
    assert.match(lines[0] as string, /^GET \/contact\/\?_limit=100&_skip=200&_fields=id,name -> 200 in \d+ ms$/);
    assert.ok(!(lines[0] as string).includes(SECRET_KEY));
  });
});
