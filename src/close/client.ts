// The typed Close API client: one method per endpoint, each checking the shape of its answer.
// Requests go through a Requester (requester.ts): Basic auth with the key, shared rate-limit
// pacing, bounded retries, a per-request timeout and cancellation. No `vscode` import.
// Every failure becomes a CloseError whose message says what happened and what to do;
// nothing thrown or logged carries the key or a request header.
import * as l10n from '@vscode/l10n';
import type { Contact, Lead, ListContactsParams, ListResponse, Me } from './types';
import { CloseError } from './errors';
import { RateLimiter } from './rateLimit';
import { Requester, type RequestOptions } from './requester';
import { checkListEnvelope, checkMe, checkRecord } from './validate';

export interface CloseClientOptions extends RequestOptions {
  /** Kept only in the requester's private `#key`; not in `options`. */
  apiKey: string;
  /** Shared pacing for every request made with this key; one is created when omitted. */
  rateLimiter?: RateLimiter;
}

export interface ListLeadsParams {
  limit?: number;
  skip?: number;
  fields?: readonly string[];
}

type Query = ReadonlyArray<readonly [string, string | number | undefined]>;

export class CloseClient {
  /** The settings without the key. */
  readonly options: Readonly<Omit<CloseClientOptions, 'apiKey'>>;
  private readonly limiter: RateLimiter;
  readonly #requester: Requester;

  constructor(options: CloseClientOptions) {
    const { apiKey, ...rest } = options;
    this.options = rest;
    this.limiter = options.rateLimiter ?? new RateLimiter();
    this.#requester = new Requester(rest, apiKey, this.limiter);
  }

  /** Forgets the key (Sign Out, key change): every later request fails with a 'config' error. */
  dispose(): void {
    this.#requester.dispose();
  }

  /** The pacing shared by this client's requests (for status and the benchmark). */
  get rateLimiter(): RateLimiter {
    return this.limiter;
  }

  /**
   * Cuts short every backoff wait under way (network, timeout and 5xx retries), so those
   * requests are tried again now. A pause Close asked for (429) is kept. Returns how many woke.
   */
  retryNow(): number {
    return this.#requester.retryNow();
  }

  /** `GET /contact/` with `_limit`, `_skip`, `_fields`, `lead_id`; the body is checked for shape. */
  listContacts(params: ListContactsParams, signal?: AbortSignal): Promise<ListResponse<Contact>> {
    const query: Query = [
      ['_limit', params.limit],
      ['_skip', params.skip],
      ['_fields', joinFields(params.fields)],
      ['lead_id', params.leadId],
    ];
    const what = params.leadId === undefined ? l10n.t('the contact list') : l10n.t('the contacts of lead {0}', params.leadId);
    return this.get('/contact/', what, query, signal, (body, path) => checkListEnvelope<Contact>(body, path));
  }

  /** `GET /contact/{id}/`. */
  getContact(id: string, fields?: readonly string[], signal?: AbortSignal): Promise<Contact> {
    return this.getOne('contact', id, fields, signal);
  }

  /** `GET /lead/` (one page). */
  listLeads(params: ListLeadsParams, signal?: AbortSignal): Promise<ListResponse<Lead>> {
    const query: Query = [
      ['_limit', params.limit],
      ['_skip', params.skip],
      ['_fields', joinFields(params.fields)],
    ];
    return this.get('/lead/', l10n.t('the lead list'), query, signal, (body, path) => checkListEnvelope<Lead>(body, path));
  }

  /** `GET /lead/{id}/`. */
  getLead(id: string, fields?: readonly string[], signal?: AbortSignal): Promise<Lead> {
    return this.getOne('lead', id, fields, signal);
  }

  /** `GET /me/`: the user behind the key; used to validate a key before saving it. */
  getMe(signal?: AbortSignal): Promise<Me> {
    return this.get('/me/', l10n.t('the user behind the API key'), [], signal, (body, path) => checkMe<Me>(body, path));
  }

  private getOne<T>(resource: 'contact' | 'lead', id: string, fields: readonly string[] | undefined, signal: AbortSignal | undefined): Promise<T> {
    if (id === '') {
      const message = resource === 'contact' ? l10n.t('No contact id was given. Pick a contact from the list.') : l10n.t('No lead id was given. Pick a lead from the list.');
      return Promise.reject(new CloseError('notFound', message, {}));
    }
    const path = `/${resource}/${encodeURIComponent(id)}/`;
    const what = resource === 'contact' ? l10n.t('contact {0}', id) : l10n.t('lead {0}', id);
    return this.get(path, what, [['_fields', joinFields(fields)]], signal, (body, p) => checkRecord<T>(body, p));
  }

  private get<T>(path: string, what: string, query: Query, signal: AbortSignal | undefined, parse: (body: unknown, path: string) => T): Promise<T> {
    return this.#requester.get(path, what, buildQuery(query), signal, parse);
  }
}

function joinFields(fields: readonly string[] | undefined): string | undefined {
  return fields === undefined || fields.length === 0 ? undefined : fields.join(',');
}

/** `a=1&b=x,y`: commas kept readable, everything else percent-encoded. */
function buildQuery(query: Query): string {
  return query
    .filter((entry): entry is readonly [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value)).replace(/%2C/gi, ',')}`)
    .join('&');
}
