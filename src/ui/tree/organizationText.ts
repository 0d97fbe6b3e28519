// The words of an organization's row in the all-organizations tree. No `vscode` here, so it is
// tested in plain Node; translated through @vscode/l10n like statusText.ts.
import * as l10n from '@vscode/l10n';
import type { LoadPhase } from '../../model/contactsController';
import { contactCount, formatCount } from '../displayFormat';

export interface OrganizationFigures {
  /** Contacts loaded (or shown from the cache). */
  contacts: number;
  phase: LoadPhase;
  /** The last load stopped on an error. */
  failed: boolean;
  active: boolean;
  /** Contacts that match the tree's filter, when one is on. */
  matched?: number;
}

/** "70 contacts · active", "loading… · 1,200 contacts", "3 of 40 contacts". */
export function organizationDescription(f: OrganizationFigures): string {
  const count =
    f.matched !== undefined && f.matched !== f.contacts
      ? l10n.t({ message: '{0} of {1}', args: [formatCount(f.matched), contactCount(f.contacts)], comment: ['An organization row under a filter: "2 of 6 contacts" match'] })
      : contactCount(f.contacts);
  const parts = [count];
  if (f.phase === 'loading') {
    parts.unshift(l10n.t({ message: 'loading…', comment: ['An organization row while its contacts load'] }));
  } else if (f.failed) {
    parts.push(l10n.t({ message: 'not loaded', comment: ['An organization row whose last load failed'] }));
  }
  if (f.active) {
    parts.push(l10n.t({ message: 'active', comment: ['The row of the active organization (the one the palette commands use)'] }));
  }
  return parts.join(' · ');
}
