import * as assert from 'node:assert/strict';
import { ContactStore } from '../../../src/model/contactStore';
import { collectAcrossSources, collectCopyValues } from '../../../src/model/copyTargets';
import { nameAndEmail } from '../../../src/model/nameAndEmail';
import { summary } from './helpers';

function store(): ContactStore {
  const s = new ContactStore();
  s.setLeadNames([['lead_a', 'Alpha'], ['lead_b', 'Beta']]);
  s.upsert([
    summary('a1', { leadId: 'lead_a', displayName: 'Ann', emails: [{ email: 'ann@a.com', type: 'office', is_unsubscribed: false }, { email: 'shared@a.com', type: 'office', is_unsubscribed: false }], phones: [{ phone: '+1 1', type: 'office' }] }),
    summary('a2', { leadId: 'lead_a', displayName: 'Bob', emails: [{ email: 'shared@a.com', type: 'office', is_unsubscribed: false }, { email: 'gone@a.com', type: 'office', is_unsubscribed: true }] }),
    summary('b1', { leadId: 'lead_b', displayName: 'Cy, Jr.', emails: [{ email: 'cy@b.com', type: 'office', is_unsubscribed: false }], phones: [{ phone: '+1 2', type: 'mobile' }, { phone: '+1 3', type: 'home' }] }),
    summary('n1', { leadId: null, displayName: 'Nob', emails: [{ email: 'nob@n.com', type: 'home', is_unsubscribed: false }] }),
  ]);
  return s;
}

const label = (c: { displayName: string | null }, email: string): string => nameAndEmail(c.displayName, email);

describe('copy from several selected rows', () => {
  it('copies in tree order whatever the order of selection, each value once', () => {
    const got = collectCopyValues(store(), [{ kind: 'contact', contactId: 'n1' }, { kind: 'contact', contactId: 'b1' }, { kind: 'contact', contactId: 'a2' }, { kind: 'contact', contactId: 'a1' }], 'email', label);
    assert.deepEqual(got.values, ['ann@a.com', 'shared@a.com', 'cy@b.com', 'nob@n.com']);
    assert.equal(got.contacts, 4);
    assert.equal(got.unsubscribed, 1);
  });

  it('counts a contact selected with its lead once, and takes the No lead group', () => {
    const got = collectCopyValues(store(), [{ kind: 'contact', contactId: 'a1' }, { kind: 'lead', leadId: null }, { kind: 'lead', leadId: 'lead_a' }], 'email', label);
    assert.deepEqual(got.values, ['ann@a.com', 'shared@a.com', 'nob@n.com']);
    assert.equal(got.contacts, 3);
  });

  it('copies phones, and only the picked row of a phone', () => {
    assert.deepEqual(collectCopyValues(store(), [{ kind: 'lead', leadId: 'lead_b' }, { kind: 'contact', contactId: 'a1' }], 'phone', label).values, ['+1 1', '+1 2', '+1 3']);
    assert.deepEqual(collectCopyValues(store(), [{ kind: 'phone', contactId: 'b1', index: 1 }], 'phone', label).values, ['+1 3']);
  });

  it('copies an unsubscribed email when its row is picked by itself', () => {
    assert.deepEqual(collectCopyValues(store(), [{ kind: 'email', contactId: 'a2', index: 1 }, { kind: 'contact', contactId: 'a1' }], 'email', label).values, ['ann@a.com', 'shared@a.com', 'gone@a.com']);
  });

  it('copies Name <email> with quoting', () => {
    assert.deepEqual(collectCopyValues(store(), [{ kind: 'lead', leadId: 'lead_b' }], 'nameAndEmail', label).values, ['"Cy, Jr." <cy@b.com>']);
  });

  it('skips contacts that are no longer loaded', () => {
    assert.deepEqual(collectCopyValues(store(), [{ kind: 'contact', contactId: 'gone' }], 'email', label).values, []);
  });
});

describe('copy from selected rows of several organizations', () => {
  function other(): ContactStore {
    const s = new ContactStore();
    s.setLeadNames([['lead_z', 'Zeta']]);
    s.upsert([
      summary('z1', { leadId: 'lead_z', displayName: 'Zed', emails: [{ email: 'zed@z.com', type: 'office', is_unsubscribed: false }, { email: 'shared@a.com', type: 'office', is_unsubscribed: false }] }),
      summary('zn', { leadId: null, displayName: 'Zoe', emails: [{ email: 'zoe@z.com', type: 'home', is_unsubscribed: true }] }),
    ]);
    return s;
  }

  it('reads each organization\'s rows from its own contacts, in the order given, each value once', () => {
    const got = collectAcrossSources(
      [
        { source: store(), targets: [{ kind: 'contact', contactId: 'a2' }] },
        { source: other(), targets: [{ kind: 'lead', leadId: 'lead_z' }, { kind: 'lead', leadId: null }] },
      ],
      'email',
      label,
    );
    assert.deepEqual(got.values, ['shared@a.com', 'zed@z.com']);
    assert.equal(got.contacts, 3);
    assert.equal(got.unsubscribed, 2);
  });

  it('never finds a contact of one organization in another\'s contacts', () => {
    const got = collectAcrossSources([{ source: other(), targets: [{ kind: 'contact', contactId: 'a1' }] }], 'email', label);
    assert.deepEqual(got.values, [], 'a1 is a contact of the first organization only');
    assert.deepEqual(collectAcrossSources([{ source: store(), targets: [{ kind: 'lead', leadId: null }] }], 'email', label).values, ['nob@n.com'], 'each No lead group is its own');
  });
});
