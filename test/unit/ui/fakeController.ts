import { ContactStore } from '../../../src/model/contactStore';
import type { ContactsController, LoadStatus } from '../../../src/model/contactsController';
import type { ContactsModel } from '../../../src/model/contactsModel';
import { summary } from '../model/helpers';

/**
 * What the Contacts view reads of a controller (its model and status), with the status set by
 * the test. For the provider's own tests a real ContactsController runs against the fake Close.
 */
export class FakeController {
  /** The test writes here; the view reads it as the controller's read-only model. */
  readonly store = new ContactStore();
  status: LoadStatus = { phase: 'idle', contactsLoaded: 0, leadsShown: 0, pages: 0, stale: false, skippedRecords: 0 };
  get model(): ContactsModel {
    return this.store;
  }

  private readonly listeners = new Set<(status: LoadStatus) => void>();

  onDidChangeStatus(listener: (status: LoadStatus) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  setStatus(patch: Partial<LoadStatus>): void {
    this.status = { ...this.status, ...patch };
    for (const listener of [...this.listeners]) {
      listener(this.status);
    }
  }

  /** `count` contacts, each in its own lead (`lead0`, `lead1`, …). */
  fill(count: number, from = 0): void {
    this.store.upsert(Array.from({ length: count }, (_, i) => summary(`c${from + i}`, { leadId: `lead${from + i}`, name: `Contact ${from + i}` })));
    this.status = { ...this.status, contactsLoaded: this.store.size, leadsShown: this.store.leadCount };
  }

  /** The view and provider type their controller as the real class; they use only what is above. */
  get asController(): ContactsController {
    return this as unknown as ContactsController;
  }
}
