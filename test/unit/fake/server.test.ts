import * as assert from 'node:assert/strict';
import type { Contact } from '../../../src/close/types';
import { DEFAULT_API_KEY, generateDataset, startFakeClose, type FakeClose } from '../../fake/server';
import { asPage, basicAuth, get } from './http';

describe('fake Close server: endpoints and parameters', () => {
  let server: FakeClose;

  before(async () => {
    server = await startFakeClose({ contacts: 250, leads: 40, seed: 7 });
  });

  after(async () => {
    await server.close();
  });

  beforeEach(() => server.resetRequests());

  it('listens on 127.0.0.1 with a base URL ending in /api/v1 and the default key', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    assert.ok(server.port > 0);
    assert.equal(server.apiKey, DEFAULT_API_KEY);
    assert.equal(server.dataset.contacts.length, 250);
    assert.equal(server.dataset.leads.length, 40);
  });

  it('GET /contact/ defaults to 100 contacts and says has_more', async () => {
    const answer = await get(server, '/contact/');
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
    const page = asPage(answer);
    assert.equal(page.data.length, 100);
    assert.equal(page.has_more, true);
    assert.deepEqual(page.data[0], server.dataset.contacts[0]);
  });

  it('pages with _limit and _skip in a stable order until has_more is false', async () => {
    const ids: unknown[] = [];
    let skip = 0;
    for (;;) {
      const page = asPage(await get(server, `/contact/?_limit=60&_skip=${skip}`));
      ids.push(...page.data.map((c) => c.id));
      skip += 60;
      if (!page.has_more) {
        assert.ok(page.data.length <= 60);
        break;
      }
      assert.equal(page.data.length, 60);
    }
    assert.deepEqual(ids, server.dataset.contacts.map((c) => c.id));
    assert.equal(new Set(ids).size, 250);
  });

  it('has_more is false on an exact last page and past the end', async () => {
    const last = asPage(await get(server, '/contact/?_limit=50&_skip=200'));
    assert.equal(last.data.length, 50);
    assert.equal(last.has_more, false);
    const beyond = asPage(await get(server, '/contact/?_limit=50&_skip=900'));
    assert.deepEqual(beyond, { has_more: false, data: [] });
  });

  it('_fields keeps only the named top-level fields, ignoring unknown names', async () => {
    const page = asPage(await get(server, '/contact/?_limit=5&_fields=id,display_name,lead_id,emails,no_such_field'));
    assert.equal(page.data.length, 5);
    page.data.forEach((contact, i) => {
      const full = server.dataset.contacts[i] as Contact;
      assert.deepEqual(Object.keys(contact).sort(), ['display_name', 'emails', 'id', 'lead_id']);
      assert.equal(contact.id, full.id);
      assert.deepEqual(contact.emails, full.emails);
    });
  });

  it('lead_id returns only that lead\'s contacts, paged, in list order', async () => {
    const counts = new Map<string, number>();
    for (const c of server.dataset.contacts) {
      if (c.lead_id) {
        counts.set(c.lead_id, (counts.get(c.lead_id) ?? 0) + 1);
      }
    }
    const [leadId, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] as [string, number];
    assert.ok(count >= 3, 'the busiest lead has a few contacts');
    const expected = server.dataset.contacts.filter((c) => c.lead_id === leadId).map((c) => c.id);
    const first = asPage(await get(server, `/contact/?lead_id=${leadId}&_limit=2&_fields=id,lead_id`));
    assert.equal(first.has_more, true);
    const rest = asPage(await get(server, `/contact/?lead_id=${leadId}&_limit=100&_skip=2&_fields=id,lead_id`));
    assert.equal(rest.has_more, false);
    assert.deepEqual([...first.data, ...rest.data].map((c) => c.id), expected);
    assert.ok([...first.data, ...rest.data].every((c) => c.lead_id === leadId));
    const none = asPage(await get(server, '/contact/?lead_id=lead_unknown'));
    assert.deepEqual(none, { has_more: false, data: [] });
  });

  it('a _limit over the maximum is a 400 with Close\'s wording', async () => {
    const answer = await get(server, '/contact/?_limit=101');
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body, {
      error: 'The limit you set is larger than the maximum limit for this resource (max_limit = 100).',
    });
    assert.equal((await get(server, '/contact/?_limit=100')).status, 200);
  });

  it('non-integer _limit and _skip are 400s naming the value', async () => {
    const limit = await get(server, '/contact/?_limit=x');
    assert.equal(limit.status, 400);
    assert.deepEqual(limit.body, { error: '_limit must be an integer (got "x" instead).' });
    const skip = await get(server, '/contact/?_skip=1.5');
    assert.equal(skip.status, 400);
    assert.deepEqual(skip.body, { error: '_skip must be an integer (got "1.5" instead).' });
  });

  it('negative _limit and _skip are 400s', async () => {
    for (const query of ['_limit=-1', '_skip=-100']) {
      const answer = await get(server, `/contact/?${query}`);
      assert.equal(answer.status, 400, query);
      assert.match((answer.body as { error: string }).error, /must be a non-negative integer \(got "-\d+" instead\)\./);
    }
  });

  it('GET /contact/{id}/ returns one contact and accepts _fields', async () => {
    const contact = server.dataset.contacts[17] as Contact;
    const full = await get(server, `/contact/${contact.id}/`);
    assert.equal(full.status, 200);
    assert.deepEqual(full.body, contact);
    const some = await get(server, `/contact/${contact.id}/?_fields=id,name`);
    assert.deepEqual(some.body, { id: contact.id, name: contact.name });
  });

  it('unknown contact and lead ids are 404s with an error message', async () => {
    for (const path of ['/contact/cont_nope/', '/lead/lead_nope/']) {
      const answer = await get(server, path);
      assert.equal(answer.status, 404, path);
      assert.match((answer.body as { error: string }).error, /does not exist/);
    }
  });

  it('GET /lead/ pages leads with the same envelope, _fields and a 200 maximum', async () => {
    const page = asPage(await get(server, '/lead/?_fields=id,display_name&_limit=30'));
    assert.equal(page.data.length, 30);
    assert.equal(page.has_more, true);
    assert.deepEqual(page.data[0], { id: server.dataset.leads[0]?.id, display_name: server.dataset.leads[0]?.display_name });
    const rest = asPage(await get(server, '/lead/?_fields=id,display_name&_limit=30&_skip=30'));
    assert.equal(rest.data.length, 10);
    assert.equal(rest.has_more, false);
    assert.equal((await get(server, '/lead/?_limit=200')).status, 200);
    const over = await get(server, '/lead/?_limit=201');
    assert.equal(over.status, 400);
    assert.deepEqual(over.body, {
      error: 'The limit you set is larger than the maximum limit for this resource (max_limit = 200).',
    });
    assert.equal((await get(server, '/lead/?_skip=abc')).status, 400);
  });

  it('GET /lead/{id}/ returns the lead with html_url and accepts _fields', async () => {
    const lead = server.dataset.leads[3];
    assert.ok(lead);
    const answer = await get(server, `/lead/${lead.id}/?_fields=id,display_name,status_label,html_url`);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, {
      id: lead.id,
      display_name: lead.display_name,
      status_label: lead.status_label,
      html_url: `https://app.close.com/lead/${lead.id}/`,
    });
  });

  it('GET /me/ names the user and organization of the contacts', async () => {
    const answer = await get(server, '/me/');
    assert.equal(answer.status, 200);
    const me = answer.body as { id: string; email: string; first_name: string; last_name: string; organizations: { id: string; name: string }[] };
    assert.match(me.id, /^user_/);
    assert.match(me.email, /@/);
    assert.ok(me.first_name && me.last_name);
    assert.equal(me.organizations[0]?.id, server.dataset.contacts[0]?.organization_id);
    assert.ok(me.organizations[0]?.name);
  });

  it('unknown paths, paths without the trailing slash and paths outside /api/v1 are 404s', async () => {
    for (const path of ['/contact', '/lead', '/me', '/activity/', '/contact/a/b/', '//contact/']) {
      const answer = await get(server, path);
      assert.equal(answer.status, 404, path);
      assert.equal(typeof (answer.body as { error: unknown }).error, 'string', path);
    }
    const outside = await fetch(`http://127.0.0.1:${server.port}/contact/`, { headers: { authorization: basicAuth(server.apiKey) } });
    assert.equal(outside.status, 404);
  });

  it('methods other than GET are 405s', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const answer = await get(server, '/contact/', { method });
      assert.equal(answer.status, 405, method);
      assert.match((answer.body as { error: string }).error, /not allowed/);
    }
  });

  it('records each request: method, path, query, status, auth scheme and host', async () => {
    await get(server, '/contact/?_limit=3&_fields=id');
    await get(server, '/me/', { authorization: null });
    assert.equal(server.requests.length, 2);
    const [first, second] = server.requests;
    assert.equal(first?.method, 'GET');
    assert.equal(first?.path, '/api/v1/contact/');
    assert.deepEqual(first?.query, { _limit: '3', _fields: 'id' });
    assert.equal(first?.status, 200);
    assert.equal(first?.authorization, 'basic');
    assert.equal(first?.host, `127.0.0.1:${server.port}`);
    assert.ok(typeof first?.at === 'number' && first.at <= Date.now());
    assert.equal(second?.status, 401);
    assert.equal(second?.authorization, 'none');
    server.resetRequests();
    assert.equal(server.requests.length, 0);
  });
});

describe('fake Close server: authentication', () => {
  let server: FakeClose;

  before(async () => {
    server = await startFakeClose({ contacts: 10, apiKey: 'api_test_key.1' });
  });

  after(async () => {
    await server.close();
  });

  beforeEach(() => server.resetRequests());

  it('accepts Basic with the key as user name and an empty password', async () => {
    const answer = await get(server, '/me/', { authorization: basicAuth('api_test_key.1') });
    assert.equal(answer.status, 200);
    assert.equal(server.requests[0]?.authorization, 'basic');
  });

  it('accepts Bearer with the key', async () => {
    const answer = await get(server, '/contact/?_limit=1', { authorization: 'Bearer api_test_key.1' });
    assert.equal(answer.status, 200);
    assert.equal(server.requests[0]?.authorization, 'bearer');
  });

  it('answers 401 {"error": "Unauthorized"} with RateLimit headers for a missing, wrong or malformed key', async () => {
    const cases: [string | null, string][] = [
      [null, 'none'],
      [basicAuth('wrong'), 'basic'],
      ['Bearer wrong', 'bearer'],
      [basicAuth('API_TEST_KEY.1'), 'basic'],
      ['Basic !!!', 'invalid'],
      ['Token api_test_key.1', 'invalid'],
      [`Basic ${Buffer.from('api_test_key.1').toString('base64')}`, 'invalid'],
    ];
    for (const [authorization, kind] of cases) {
      server.resetRequests();
      const answer = await get(server, '/contact/', { authorization });
      assert.equal(answer.status, 401, String(authorization));
      assert.deepEqual(answer.body, { error: 'Unauthorized' });
      assert.match(answer.headers.get('ratelimit') ?? '', /^limit=\d+, remaining=\d+, reset=\d+$/);
      assert.equal(server.requests[0]?.authorization, kind, String(authorization));
    }
  });

  it('never echoes the key in any answer', async () => {
    for (const path of ['/me/', '/contact/?_limit=x', '/nope/', '/contact/']) {
      const answer = await get(server, path);
      assert.ok(!answer.text.includes('api_test_key.1'), path);
    }
  });
});

describe('fake Close server: given dataset', () => {
  it('serves exactly the dataset handed in, live', async () => {
    const dataset = generateDataset(3, 1, 99);
    const server = await startFakeClose({ dataset, contacts: 5000 });
    try {
      assert.equal(server.dataset, dataset);
      assert.deepEqual(asPage(await get(server, '/contact/')).data, dataset.contacts);
      dataset.contacts.pop();
      assert.equal(asPage(await get(server, '/contact/')).data.length, 2);
    } finally {
      await server.close();
    }
  });

  it('decodes percent-encoded ids in paths', async () => {
    const dataset = generateDataset(2, 1, 5);
    const contact = dataset.contacts[0] as Contact;
    contact.id = 'cont_ä b/c';
    const server = await startFakeClose({ dataset });
    try {
      const answer = await get(server, `/contact/${encodeURIComponent(contact.id)}/?_fields=id`);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { id: 'cont_ä b/c' });
    } finally {
      await server.close();
    }
  });

  it('honours a custom maxLimit', async () => {
    const server = await startFakeClose({ contacts: 30, maxLimit: 10 });
    try {
      const answer = await get(server, '/contact/?_limit=11');
      assert.equal(answer.status, 400);
      assert.match((answer.body as { error: string }).error, /\(max_limit = 10\)\.$/);
      assert.equal(asPage(await get(server, '/contact/?_limit=10')).data.length, 10);
    } finally {
      await server.close();
    }
  });

  it('refuses a _skip over maxSkip with Close\'s wording, while lead_id listings stay reachable', async () => {
    const server = await startFakeClose({ contacts: 300, leads: 3, maxSkip: 200 });
    try {
      assert.equal((await get(server, '/contact/?_skip=200')).status, 200);
      const answer = await get(server, '/contact/?_skip=201');
      assert.equal(answer.status, 400);
      assert.deepEqual(answer.body, {
        error: 'The skip you set is larger than the maximum skip for this resource (max_skip = 200).',
      });
      const leadId = server.dataset.leads[0]?.id ?? '';
      const expected = server.dataset.contacts.filter((c) => c.lead_id === leadId).length;
      let got = 0;
      for (let skip = 0; ; skip += 100) {
        const page = asPage(await get(server, `/contact/?lead_id=${leadId}&_skip=${skip}`));
        got += page.data.length;
        if (!page.has_more) {
          break;
        }
      }
      assert.equal(got, expected);
      assert.equal((await get(server, '/lead/?_skip=500')).status, 200, 'maxSkip is for contacts only');
    } finally {
      await server.close();
    }
  });

  it('honours leadMaxLimit and leadMaxSkip', async () => {
    const server = await startFakeClose({ contacts: 10, leads: 10, leadMaxLimit: 5, leadMaxSkip: 4 });
    try {
      assert.match((await get(server, '/lead/?_limit=6')).text, /max_limit = 5/);
      assert.match((await get(server, '/lead/?_skip=5')).text, /max_skip = 4/);
      assert.equal((await get(server, '/lead/?_limit=5&_skip=4')).status, 200);
    } finally {
      await server.close();
    }
  });

  it('listens on a requested port', async () => {
    const probe = await startFakeClose({ contacts: 1 });
    const port = probe.port;
    await probe.close();
    const server = await startFakeClose({ contacts: 1, port });
    try {
      assert.equal(server.port, port);
      assert.equal(server.url, `http://127.0.0.1:${port}/api/v1`);
    } finally {
      await server.close();
    }
  });
});
