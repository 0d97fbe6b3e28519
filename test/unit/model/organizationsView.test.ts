// Issue 11, point 4: which organizations the all-organizations tree shows, and which
// controllers it starts and stops besides the active organization's.
import * as assert from 'node:assert/strict';
import { organizationGroups, otherOrganizationsWanted, planOtherOrganizations, sameOrganizationGroups, type ListedOrganization } from '../../../src/model/organizationsView';

const A: ListedOrganization = { id: 'orga_A', name: 'A Sales' };
const B: ListedOrganization = { id: 'orga_B', name: 'B Traders' };
const C: ListedOrganization = { id: 'orga_C', name: 'C Co' };

describe('model/organizationsView', () => {
  it('"one" wants no other controller; "all" wants every listed organization but the active one', () => {
    assert.deepEqual(otherOrganizationsWanted('one', [A, B, C], A.id), []);
    assert.deepEqual(otherOrganizationsWanted('all', [A, B, C], B.id), [A.id, C.id]);
  });

  it('"all" with one organization, or without a known active one, is the one-organization tree', () => {
    assert.deepEqual(otherOrganizationsWanted('all', [A], A.id), []);
    assert.deepEqual(otherOrganizationsWanted('all', [A, B], undefined), []);
    assert.deepEqual(otherOrganizationsWanted('all', [A, B], 'orga_gone'), [], 'an active organization not listed (signing out) starts nothing');
  });

  it('starts what is wanted and not running, stops what is running and not wanted', () => {
    const running = new Map([[A.id, { usable: true }], [C.id, { usable: true }]]);
    assert.deepEqual(planOtherOrganizations([A.id, B.id], running), { stop: [C.id], start: [B.id] });
    assert.deepEqual(planOtherOrganizations([], running), { stop: [A.id, C.id], start: [] }, 'back to "one": every other controller goes');
    assert.deepEqual(planOtherOrganizations([A.id, C.id], running), { stop: [], start: [] }, 'nothing changed: nothing restarts');
  });

  it('restarts a running controller whose key or client settings changed', () => {
    const running = new Map([[A.id, { usable: false }], [B.id, { usable: true }]]);
    assert.deepEqual(planOtherOrganizations([A.id, B.id], running), { stop: [A.id], start: [A.id] });
  });

  it('groups every listed organization in the order added, the active one marked', () => {
    const controllers = new Map([[A.id, 'ctl-A'], [B.id, 'ctl-B'], [C.id, 'ctl-C']]);
    const groups = organizationGroups([A, B, C], B.id, (id) => controllers.get(id));
    assert.deepEqual(
      groups.map((g) => [g.organizationId, g.name, g.active, g.controller]),
      [
        [A.id, 'A Sales', false, 'ctl-A'],
        [B.id, 'B Traders', true, 'ctl-B'],
        [C.id, 'C Co', false, 'ctl-C'],
      ],
    );
  });

  it('shows no groups while an organization has no controller, with one organization, or with none active', () => {
    assert.deepEqual(organizationGroups([A, B], A.id, (id) => (id === A.id ? 'ctl-A' : undefined)), []);
    assert.deepEqual(organizationGroups([A], A.id, () => 'ctl'), []);
    assert.deepEqual(organizationGroups([A, B], undefined, () => 'ctl'), []);
  });

  it('tells a change of groups (another controller, another active one) from none', () => {
    const one = organizationGroups([A, B], A.id, (id) => `ctl-${id}`);
    assert.ok(sameOrganizationGroups(one, organizationGroups([A, B], A.id, (id) => `ctl-${id}`)));
    assert.ok(!sameOrganizationGroups(one, organizationGroups([A, B], B.id, (id) => `ctl-${id}`)), 'another active organization');
    assert.ok(!sameOrganizationGroups(one, organizationGroups([A, B], A.id, (id) => `new-${id}`)), 'a controller rebuilt');
    assert.ok(!sameOrganizationGroups(one, []));
    assert.ok(sameOrganizationGroups([], []));
  });
});
