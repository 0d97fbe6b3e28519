// The Close organizations the user added, each with its own API key. No `vscode` import: the
// secrets go through a small interface that SecretStorage satisfies (and a Map in the tests).
import type { AccountInfo } from './account';

/** What SecretStorage offers, as far as the registry needs it. */
export interface SecretBag {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** An organization as listed (no key here: each key is a secret of its own). */
export interface StoredOrganization {
  id: string;
  /** The organization's name from `GET /me/`; the id stands in when Close gave none. */
  name: string;
  userName: string;
  email: string;
}

/** The list of organizations (ids, names, who signed in), in SecretStorage. */
export const ORGANIZATIONS_SECRET = 'closeCrm.organizations';
const KEY_SECRET_PREFIX = 'closeCrm.organizationKey:';

/** The SecretStorage entry holding one organization's key. */
export function organizationKeySecret(organizationId: string): string {
  return `${KEY_SECRET_PREFIX}${organizationId}`;
}

/** Whether a SecretStorage change is one of the registry's entries. */
export function isRegistrySecret(secret: string): boolean {
  return secret === ORGANIZATIONS_SECRET || secret.startsWith(KEY_SECRET_PREFIX);
}

/** The listed entry for an account whose organization is known. */
export function organizationOf(account: AccountInfo & { organizationId: string }): StoredOrganization {
  return { id: account.organizationId, name: account.organizationName || account.organizationId, userName: account.userName, email: account.email };
}

/** The account facts an organization's entry gives back (what the session keeps beside the active key). */
export function accountOf(org: StoredOrganization): AccountInfo {
  return { userName: org.userName, email: org.email, organizationId: org.id, organizationName: org.name };
}

function parseList(text: string | undefined): StoredOrganization[] {
  if (!text) {
    return [];
  }
  try {
    const parsed = JSON.parse(text) as { organizations?: unknown } | null;
    const items = Array.isArray(parsed?.organizations) ? (parsed.organizations as unknown[]) : [];
    const seen = new Set<string>();
    const list: StoredOrganization[] = [];
    for (const item of items) {
      const o = item as Partial<StoredOrganization> | null;
      if (!o || typeof o.id !== 'string' || o.id.length === 0 || seen.has(o.id)) {
        continue;
      }
      seen.add(o.id);
      list.push({
        id: o.id,
        name: typeof o.name === 'string' && o.name.length > 0 ? o.name : o.id,
        userName: typeof o.userName === 'string' ? o.userName : '',
        email: typeof o.email === 'string' ? o.email : '',
      });
    }
    return list;
  } catch {
    return [];
  }
}

/**
 * Every organization's key under its own secret, and one list naming them. Writes are
 * serialised within a window; a key is stored before the list names it and the list forgets an
 * organization before its key goes, so the list never names an organization without a key.
 */
export class OrganizationRegistry {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly secrets: SecretBag) {}

  /** The organizations in the order they were added. */
  async list(): Promise<StoredOrganization[]> {
    await this.queue.catch(() => undefined);
    const listed = parseList(await this.secrets.get(ORGANIZATIONS_SECRET));
    // An entry whose key is gone (e.g. deleted by hand) is no organization one can switch to.
    const keys = await Promise.all(listed.map((o) => this.secrets.get(organizationKeySecret(o.id))));
    return listed.filter((_, i) => !!keys[i]);
  }

  async find(organizationId: string): Promise<StoredOrganization | undefined> {
    return (await this.list()).find((o) => o.id === organizationId);
  }

  async keyOf(organizationId: string): Promise<string | undefined> {
    await this.queue.catch(() => undefined);
    return (await this.secrets.get(organizationKeySecret(organizationId))) || undefined;
  }

  /** Adds the organization, or replaces its key and facts when it is listed already. */
  put(key: string, org: StoredOrganization): Promise<void> {
    return this.serial(async () => {
      await this.secrets.store(organizationKeySecret(org.id), key);
      const list = parseList(await this.secrets.get(ORGANIZATIONS_SECRET));
      const at = list.findIndex((o) => o.id === org.id);
      if (at >= 0) {
        list[at] = org;
      } else {
        list.push(org);
      }
      await this.writeList(list);
    });
  }

  /** Forgets the organization and deletes its key. */
  remove(organizationId: string): Promise<void> {
    return this.serial(async () => {
      const list = parseList(await this.secrets.get(ORGANIZATIONS_SECRET));
      await this.writeList(list.filter((o) => o.id !== organizationId));
      await this.secrets.delete(organizationKeySecret(organizationId));
    });
  }

  /** Forgets every organization and deletes every key. */
  removeAll(): Promise<void> {
    return this.serial(async () => {
      const list = parseList(await this.secrets.get(ORGANIZATIONS_SECRET));
      await this.secrets.delete(ORGANIZATIONS_SECRET);
      for (const o of list) {
        await this.secrets.delete(organizationKeySecret(o.id));
      }
    });
  }

  /**
   * Earlier versions stored one key (`closeCrm.apiKey`) and its account facts. Once the key's
   * organization is known, it is listed with that key; the single key itself stays where it
   * is (it is the key in use), so nothing is lost.
   */
  async adopt(key: string | undefined, account: AccountInfo | undefined): Promise<boolean> {
    if (!key || account?.organizationId === undefined) {
      return false;
    }
    const listed = await this.find(account.organizationId);
    if (listed && (await this.keyOf(account.organizationId)) === key) {
      return false;
    }
    await this.put(key, organizationOf({ ...account, organizationId: account.organizationId }));
    return true;
  }

  private async writeList(list: StoredOrganization[]): Promise<void> {
    if (list.length === 0) {
      await this.secrets.delete(ORGANIZATIONS_SECRET);
    } else {
      await this.secrets.store(ORGANIZATIONS_SECRET, JSON.stringify({ version: 1, organizations: list }));
    }
  }

  private serial(work: () => Promise<void>): Promise<void> {
    const next = this.queue.catch(() => undefined).then(work);
    this.queue = next;
    return next;
  }
}
