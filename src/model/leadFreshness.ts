// Refresh Lead and a full load may run at the same time, and their answers arrive in any
// order. One rule keeps either from undoing the other: for a lead, data fetched earlier never
// overwrites data fetched later. "Earlier" is the order in which requests were sent, counted
// by a tick: a full-load page carries the tick of its request (stamped on each record it
// returned), a lead refresh the tick at which it started. No `vscode` import.

/** One Refresh Lead in flight. */
export interface LeadRefreshTicket {
  readonly leadId: string;
  readonly started: number;
  /** Contacts that full-load pages sent after this refresh started brought: newer than it. */
  readonly newer: Set<string>;
}

export class LeadFreshness {
  private clock = 0;
  private readonly stamps = new WeakMap<object, number>();
  /** Per lead: the start tick of the newest Refresh Lead applied. */
  private readonly refreshed = new Map<string, number>();
  private readonly inFlight = new Map<string, Set<LeadRefreshTicket>>();

  /** A new tick, for something about to be sent. */
  tick(): number {
    return ++this.clock;
  }

  /**
   * Stamps what a listing request returns with the tick taken when it was sent: the page's
   * array, and its first and last records in case the pager hands on a slice of the page.
   */
  stamped<T extends { data?: unknown }>(request: () => Promise<T>): Promise<T> {
    const ticket = this.tick();
    return request().then((page) => {
      const data = page.data;
      if (Array.isArray(data)) {
        for (const target of [data, data[0], data[data.length - 1]] as unknown[]) {
          if (typeof target === 'object' && target !== null) {
            this.stamps.set(target, ticket);
          }
        }
      }
      return page;
    });
  }

  /** The tick a page of records was fetched at; one nobody stamped counts as fetched now. */
  ticketOfPage(items: readonly object[]): number {
    const stamp = this.stamps.get(items);
    if (stamp !== undefined) {
      return stamp;
    }
    const ends = [items[0], items[items.length - 1]].map((r) => (r === undefined ? undefined : this.stamps.get(r)));
    const known = ends.filter((t): t is number => t !== undefined);
    // Parts of two reads: the older one decides, so a Refresh Lead is never undone.
    return known.length > 0 ? Math.min(...known) : this.clock;
  }

  /**
   * May a full-load record fetched at `ticket` be applied? Not when the lead it is listed
   * under, or the lead the store has it under, was refreshed by a Refresh Lead sent later.
   * When it may, Refresh Leads of those leads still in flight and sent earlier learn that
   * this contact is newer than what they will bring.
   */
  admitListed(ticket: number, contactId: string, listedLead: string | null, storedLead: string | null | undefined): boolean {
    if (this.refreshed.size === 0 && this.inFlight.size === 0) {
      return true; // no Refresh Lead yet: the common case, kept cheap
    }
    const leads = storedLead === undefined || storedLead === listedLead ? [listedLead] : [listedLead, storedLead];
    for (const leadId of leads) {
      if (leadId !== null && (this.refreshed.get(leadId) ?? 0) > ticket) {
        return false;
      }
    }
    for (const leadId of leads) {
      for (const run of (leadId !== null && this.inFlight.get(leadId)) || []) {
        if (run.started < ticket) {
          run.newer.add(contactId);
        }
      }
    }
    return true;
  }

  beginLead(leadId: string): LeadRefreshTicket {
    const run: LeadRefreshTicket = { leadId, started: this.tick(), newer: new Set() };
    let runs = this.inFlight.get(leadId);
    if (!runs) {
      runs = new Set();
      this.inFlight.set(leadId, runs);
    }
    runs.add(run);
    return run;
  }

  /** False when a Refresh Lead of the same lead sent later has already been applied. */
  mayApply(run: LeadRefreshTicket): boolean {
    return (this.refreshed.get(run.leadId) ?? 0) < run.started;
  }

  /** Records that the Refresh Lead's result went into the store. */
  applied(run: LeadRefreshTicket): void {
    if (this.mayApply(run)) {
      this.refreshed.set(run.leadId, run.started);
    }
  }

  /** Ends a Refresh Lead, applied or not. */
  endLead(run: LeadRefreshTicket): void {
    const runs = this.inFlight.get(run.leadId);
    runs?.delete(run);
    if (runs?.size === 0) {
      this.inFlight.delete(run.leadId);
    }
  }

  /** True when a Refresh Lead sent after `ticket` was applied to this lead. */
  refreshedAfter(leadId: string | null, ticket: number): boolean {
    return leadId !== null && (this.refreshed.get(leadId) ?? 0) > ticket;
  }

  /** True once any Refresh Lead was applied to this lead (the disk cache is older than that). */
  wasRefreshed(leadId: string | null): boolean {
    return leadId !== null && this.refreshed.has(leadId);
  }

  /** Everything is forgotten (sign out, clear). */
  reset(): void {
    this.refreshed.clear();
    this.inFlight.clear();
  }
}
