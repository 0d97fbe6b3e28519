// Who a key belongs to, as far as the warm-start cache cares. No `vscode` import.
import { createHash } from 'node:crypto';
import type { Me } from '../close/types';

/** Facts about the account behind a key; kept in SecretStorage next to the key. */
export interface AccountInfo {
  userName: string;
  email: string;
  /** The key's organization; undefined when Close did not say which of several it is. */
  organizationId?: string;
  organizationName?: string;
}

/**
 * The key's organization is `organization_id` from `GET /me/`, as Close documents. Without it,
 * `organizations[0]` is only taken when it is the user's only organization: for a user in
 * several, the first one may belong to another key.
 */
export function accountFromMe(me: Me): AccountInfo {
  const userName = [me.first_name, me.last_name].filter(Boolean).join(' ') || me.email;
  const orgs = Array.isArray(me.organizations) ? me.organizations : [];
  const organizationId = me.organization_id ?? (orgs.length === 1 ? orgs[0]?.id : undefined);
  const organizationName = organizationId === undefined ? undefined : orgs.find((o) => o.id === organizationId)?.name;
  return {
    userName,
    email: me.email,
    ...(organizationId !== undefined ? { organizationId } : {}),
    ...(organizationName !== undefined ? { organizationName } : {}),
  };
}

/** Ties stored account facts to the key they were learned with (stored beside the key, in SecretStorage). */
export function keyFingerprint(key: string): string {
  return createHash('sha256').update(`close-contacts:${key}`, 'utf8').digest('hex').slice(0, 32);
}
