// A store and search index built from summaries, searched the way ContactsController.search does,
// for the language model tool's tests.
import type { ContactSearch } from '../../../src/model/contactQuery';
import { ContactStore } from '../../../src/model/contactStore';
import type { ContactSummary } from '../../../src/model/contactSummary';
import { SearchIndex } from '../../../src/model/search/searchIndex';

export interface Loaded {
  store: ContactStore;
  search: ContactSearch;
  /** Queries the search was called with, in order. */
  queries: string[];
}

export function loaded(contacts: ContactSummary[], leadNames: [string, string][] = [], statuses: [string, string][] = []): Loaded {
  const store = new ContactStore();
  const index = new SearchIndex((leadId) => store.membersOf(leadId));
  store.setLeadNames(leadNames);
  if (statuses.length > 0) {
    store.setLeadStatuses(statuses);
  }
  for (const [id, name] of leadNames) {
    index.setLeadName(id, name);
  }
  store.upsert(contacts);
  index.upsert(contacts);
  const queries: string[] = [];
  const search: ContactSearch = (query, limit) => {
    queries.push(query);
    return index.search(query, limit).map((contact) => ({ contact, leadLabel: contact.leadId === null ? 'No lead' : (store.leadName(contact.leadId) ?? contact.leadId) }));
  };
  return { store, search, queries };
}
