// Issue 11, point 4: the registry of organizations (one key per organization, one list naming
// them) and the move of an earlier version's single key into it.
import * as assert from 'node:assert/strict';
import type { AccountInfo } from '../../../src/model/account';
import {
  accountOf,
  isRegistrySecret,
  ORGANIZATIONS_SECRET,
  organizationKeySecret,
  organizationOf,
  OrganizationRegistry,
  type SecretBag,
  type StoredOrganization,
} from '../../../src/model/organizationRegistry';

/** SecretStorage as a Map, with every write recorded in order. */
class MemorySecrets implements SecretBag {
  readonly values = new Map<string, string>();
  readonly writes: string[] = [];
  async get(key: string): Promise<string | undefined> {
    await Promise.resolve();
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    await Promise.resolve();
    this.writes.push(`store ${key}`);
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    await Promise.resolve();
    this.writes.push(`delete ${key}`);
    this.values.delete(key);
  }
}

const A: StoredOrganization = { id: 'orga_A', name: 'A Sales', userName: 'Sam Seller', email: 'sam@a.example' };
const B: StoredOrganization = { id: 'orga_B', name: 'B Sales', userName: 'Sam Seller', email: 'sam@b.example' };

describe('model/organizationRegistry', () => {
  it('keeps each organization\'s key under its own secret and lists them in the order added', async () => {
    const secrets = new MemorySecrets();
    const registry = new OrganizationRegistry(secrets);
    await registry.put('key-a', A);
    await registry.put('key-b', B);
    assert.deepEqual(await registry.list(), [A, B]);
    assert.equal(await registry.keyOf('orga_A'), 'key-a');
    assert.equal(await registry.keyOf('orga_B'), 'key-b');
    assert.equal(secrets.values.get(organizationKeySecret('orga_B')), 'key-b');
    assert.ok(!(secrets.values.get(ORGANIZATIONS_SECRET) ?? '').includes('key-'), 'the list holds no key');
  });

  it('adding a key of an organization already listed replaces that organization\'s key (no second entry)', async () => {
    const registry = new OrganizationRegistry(new MemorySecrets());
    await registry.put('key-a', A);
    await registry.put('key-b', B);
    await registry.put('key-a2', { ...A, name: 'A Sales (renamed)' });
    const list = await registry.list();
    assert.deepEqual(list.map((o) => o.id), ['orga_A', 'orga_B']);
    assert.equal(list[0]?.name, 'A Sales (renamed)');
    assert.equal(await registry.keyOf('orga_A'), 'key-a2');
  });

  it('stores a key before the list names it, and forgets an organization before its key goes', async () => {
    const secrets = new MemorySecrets();
    const registry = new OrganizationRegistry(secrets);
    await registry.put('key-a', A);
    assert.deepEqual(secrets.writes, [`store ${organizationKeySecret('orga_A')}`, `store ${ORGANIZATIONS_SECRET}`]);
    await registry.put('key-b', B);
    secrets.writes.length = 0;
    await registry.remove('orga_A');
    assert.deepEqual(secrets.writes, [`store ${ORGANIZATIONS_SECRET}`, `delete ${organizationKeySecret('orga_A')}`]);
    assert.deepEqual(await registry.list(), [B]);
    assert.equal(await registry.keyOf('orga_A'), undefined);
  });

  it('removeAll deletes every key and the list', async () => {
    const secrets = new MemorySecrets();
    const registry = new OrganizationRegistry(secrets);
    await registry.put('key-a', A);
    await registry.put('key-b', B);
    await registry.removeAll();
    assert.deepEqual(await registry.list(), []);
    assert.deepEqual([...secrets.values.keys()], []);
  });

  it('writes started together all land (they are serialised)', async () => {
    const registry = new OrganizationRegistry(new MemorySecrets());
    const orgs = Array.from({ length: 8 }, (_, i) => ({ ...A, id: `orga_${i}`, name: `Org ${i}` }));
    await Promise.all(orgs.map((o, i) => registry.put(`key-${i}`, o)));
    assert.deepEqual((await registry.list()).map((o) => o.id), orgs.map((o) => o.id));
  });

  it('a list entry whose key is missing, or a damaged list, is not offered', async () => {
    const secrets = new MemorySecrets();
    const registry = new OrganizationRegistry(secrets);
    await registry.put('key-a', A);
    await registry.put('key-b', B);
    secrets.values.delete(organizationKeySecret('orga_A'));
    assert.deepEqual(await registry.list(), [B]);
    secrets.values.set(ORGANIZATIONS_SECRET, '{not json');
    assert.deepEqual(await registry.list(), []);
    secrets.values.set(ORGANIZATIONS_SECRET, JSON.stringify({ organizations: [{ id: 'orga_B' }, { id: 42 }, null, { id: 'orga_B', name: 'dup' }] }));
    assert.deepEqual(await registry.list(), [{ id: 'orga_B', name: 'orga_B', userName: '', email: '' }]);
  });

  describe('migration of the single key (closeCrm.apiKey)', () => {
    const account: AccountInfo = { userName: 'Sam Seller', email: 'sam@a.example', organizationId: 'orga_A', organizationName: 'A Sales' };

    it('lists the stored key under its organization, once, without touching the single key', async () => {
      const secrets = new MemorySecrets();
      secrets.values.set('closeCrm.apiKey', 'key-a');
      const registry = new OrganizationRegistry(secrets);
      assert.equal(await registry.adopt('key-a', account), true);
      assert.deepEqual(await registry.list(), [A]);
      assert.equal(await registry.keyOf('orga_A'), 'key-a');
      assert.equal(secrets.values.get('closeCrm.apiKey'), 'key-a', 'the single key is still there');
      assert.equal(await registry.adopt('key-a', account), false, 'a second start changes nothing');
    });

    it('waits while the key\'s organization is unknown', async () => {
      const registry = new OrganizationRegistry(new MemorySecrets());
      assert.equal(await registry.adopt('key-x', { userName: 'Sam', email: 'sam@x.example' }), false);
      assert.equal(await registry.adopt('key-x', undefined), false);
      assert.equal(await registry.adopt(undefined, account), false);
      assert.deepEqual(await registry.list(), []);
    });

    it('a new key of a listed organization replaces its key', async () => {
      const registry = new OrganizationRegistry(new MemorySecrets());
      await registry.adopt('key-a', account);
      assert.equal(await registry.adopt('key-a-new', account), true);
      assert.equal(await registry.keyOf('orga_A'), 'key-a-new');
      assert.equal((await registry.list()).length, 1);
    });
  });

  it('an organization and its account facts go back and forth (the id stands in for a missing name)', () => {
    assert.deepEqual(organizationOf({ userName: 'Sam', email: 's@x', organizationId: 'orga_Q' }), { id: 'orga_Q', name: 'orga_Q', userName: 'Sam', email: 's@x' });
    assert.deepEqual(accountOf(A), { userName: 'Sam Seller', email: 'sam@a.example', organizationId: 'orga_A', organizationName: 'A Sales' });
  });

  it('knows its own secrets from the others', () => {
    assert.ok(isRegistrySecret(ORGANIZATIONS_SECRET));
    assert.ok(isRegistrySecret(organizationKeySecret('orga_A')));
    assert.ok(!isRegistrySecret('closeCrm.apiKey'));
    assert.ok(!isRegistrySecret('closeCrm.accountOfKey'));
  });
});
