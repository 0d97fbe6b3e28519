// Issue 11, point 4: the words of an organization's row in the all-organizations tree.
import * as assert from 'node:assert/strict';
import { organizationDescription } from '../../../src/ui/tree/organizationText';

describe('organization row text', () => {
  it('counts the contacts and marks the active organization', () => {
    assert.equal(organizationDescription({ contacts: 70, phase: 'complete', failed: false, active: true }), '70 contacts · active');
    assert.equal(organizationDescription({ contacts: 1, phase: 'complete', failed: false, active: false }), '1 contact');
  });

  it('says when the organization is loading or its load failed', () => {
    assert.equal(organizationDescription({ contacts: 1200, phase: 'loading', failed: false, active: false }), 'loading… · 1,200 contacts');
    assert.equal(organizationDescription({ contacts: 0, phase: 'error', failed: true, active: false }), '0 contacts · not loaded');
  });

  it('counts the matches under a filter', () => {
    assert.equal(organizationDescription({ contacts: 40, phase: 'complete', failed: false, active: false, matched: 3 }), '3 of 40 contacts');
    assert.equal(organizationDescription({ contacts: 40, phase: 'complete', failed: false, active: true, matched: 40 }), '40 contacts · active');
  });
});
