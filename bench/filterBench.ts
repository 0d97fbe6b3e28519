// Keystroke-to-tree for the tree filter: an organization of `size` contacts (five per lead) is
// put in the disk cache and restored into a controller (no network), then filters are typed
// one character at a time. Each keystroke is timed from setting the filter to the tree's root
// children being ready (what the tree provider returns for the root: the matching lead groups),
// and, apart, with the contacts of the leads the tree opens. Every typed filter is checked
// against the reference full scan.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CloseClient } from '../src/close/client';
import { ContactCache } from '../src/model/contactCache';
import { FILTER_EXPAND_MAX_LEADS, parseFilter, statusMatches } from '../src/model/contactFilter';
import { ContactsController } from '../src/model/contactsController';
import { ContactStore } from '../src/model/contactStore';
import { toSummary, type ContactSummary } from '../src/model/contactSummary';
import { generateDataset } from '../test/fake/data';
import { oracleRows, oracleSearch } from '../test/shared/searchOracle';

export interface FilterFigures {
  size: number;
  leads: number;
  /** Filters typed, and keystrokes timed (one per prefix of each filter). */
  filters: number;
  keystrokes: number;
  /** Setting the filter until the root children (matching lead groups) are ready. */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** The same, plus the contacts of the leads the tree opens (at most FILTER_EXPAND_MAX_LEADS). */
  withOpenLeadsP95Ms: number;
  slowest: { query: string; ms: number; matched: number }[];
  /** Typed filters whose matches differ from the full scan. */
  mismatches: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Filters people type: name and email parts, phone digits as typed, lead names, statuses. */
function filterQueries(contacts: readonly ContactSummary[], leadName: (id: string) => string | undefined, count: number): string[] {
  let seed = 777;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const out: string[] = [];
  while (out.length < count) {
    const c = contacts[rnd(contacts.length)];
    const name = c.displayName ?? c.name ?? '';
    const email = c.emails[0]?.email ?? '';
    const digits = (c.phones[0]?.phone ?? '').replace(/\D/g, '');
    switch (out.length % 6) {
      case 0:
        out.push(name.slice(0, 3 + rnd(6)));
        break;
      case 1:
        out.push(email.split('@')[0]?.slice(0, 6) ?? 'a');
        break;
      case 2:
        out.push(digits.length >= 10 ? `${digits.slice(-10, -7)} ${digits.slice(-7, -4)}` : digits || '55');
        break;
      case 3:
        out.push((leadName(c.leadId ?? '') ?? name).slice(0, 8));
        break;
      case 4:
        out.push('status:qualified');
        break;
      default:
        out.push(`status:cust ${name.split(' ')[0] ?? ''}`);
    }
  }
  return out.map((q) => q.trim()).filter((q) => q.length > 0);
}

export async function measureFilter(size: number): Promise<FilterFigures> {
  const data = generateDataset(size, Math.round(size / 5), 42);
  const contacts = data.contacts.map((c) => toSummary(c)).filter((c): c is ContactSummary => c !== undefined);
  const seed = new ContactStore();
  seed.setLeadNames(data.leads.map((l) => [l.id, l.display_name ?? l.id]));
  seed.setLeadStatuses(data.leads.filter((l) => l.status_label).map((l) => [l.id, l.status_label as string]));
  seed.upsert(contacts);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'close-filter-bench-'));
  try {
    await new ContactCache(dir, 'orga_bench').write(seed.groups(), (leadId) => seed.contactsOf(leadId));
    // Never asked: everything comes from the cache.
    const client = new CloseClient({ baseUrl: 'http://127.0.0.1:9/api/v1', apiKey: 'unused' });
    const controller = new ContactsController({ client, pageSize: 100, cacheDir: dir, organizationId: 'orga_bench' });
    await controller.restoreFromCache();
    controller.search('', 1); // indexes what is still queued, as the idle time after a load does
    const store = controller.model;
    const table = oracleRows(store.all(), (id) => store.leadName(id));
    const times: number[] = [];
    const withOpen: number[] = [];
    const slowest: FilterFigures['slowest'] = [];
    let mismatches = 0;
    const queries = filterQueries(contacts, (id) => store.leadName(id), 60);
    for (const query of queries) {
      for (let k = 1; k <= query.length; k++) {
        const typed = query.slice(0, k);
        const t = performance.now();
        const filtered = controller.filtered(typed);
        const roots = filtered.groups();
        const ms = performance.now() - t;
        if (roots.length <= FILTER_EXPAND_MAX_LEADS) {
          for (const g of roots) {
            filtered.contactsOf(g.leadId);
          }
        }
        withOpen.push(performance.now() - t);
        times.push(ms);
        slowest.push({ query: typed, ms, matched: filtered.matched });
      }
      const filtered = controller.filtered(query);
      const { words, statuses } = parseFilter(query);
      const want = oracleSearch(table, (id) => store.leadName(id), words, Infinity).filter(
        (c) => statuses.length === 0 || (c.leadId !== null && statusMatches(store.leadStatus(c.leadId), statuses)),
      );
      if (want.length !== filtered.matched || want.some((c) => !filtered.has(c))) {
        mismatches++;
        console.error(`  filter mismatch for ${JSON.stringify(query)}: ${filtered.matched} shown, ${want.length} expected`);
      }
    }
    controller.dispose();
    client.dispose();
    times.sort((a, b) => a - b);
    withOpen.sort((a, b) => a - b);
    slowest.sort((a, b) => b.ms - a.ms);
    return {
      size,
      leads: data.leads.length,
      filters: queries.length,
      keystrokes: times.length,
      p50Ms: percentile(times, 50),
      p95Ms: percentile(times, 95),
      maxMs: times[times.length - 1] ?? 0,
      withOpenLeadsP95Ms: percentile(withOpen, 95),
      slowest: slowest.slice(0, 8),
      mismatches,
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
