// Common terms: walking the label order finds the best word-prefix matches within a few
// thousand contacts, without looking at the rest.
import type { ContactSummary } from '../contactSummary';
import { startsWord } from '../searchText';
import type { IndexParts } from './slots';

/** Contacts visited in label order before falling back to scanning the whole index. */
export const WALK_LIMIT = 5000;
/** Contacts sampled (spread over the index) to estimate how common a term is. */
const WALK_SAMPLE = 200;

/**
 * Tier 1 (and, when the whole order fits in the walk, tier 2) by visiting contacts in rank
 * order, tier 0 (label starts with `whole`) left out. Undefined when `need` tier-1 matches were
 * not found within WALK_LIMIT contacts: the caller then scans the index for every candidate.
 */
export function walkOrder(parts: IndexParts, whole: string, terms: readonly string[], need: number, withDigits: boolean): ContactSummary[] | undefined {
  const { order } = parts.order;
  const contacts = parts.slots.contacts;
  const tier1: ContactSummary[] = [];
  const tier2: ContactSummary[] = [];
  const steps = Math.min(order.length, WALK_LIMIT);
  // Rare terms: a sample across the index says the walk would not fill the page in time.
  if (steps < order.length && sampleMatches(parts, terms, withDigits) * (steps / WALK_SAMPLE) < 3 * need) {
    return undefined;
  }
  for (let r = 0; r < steps; r++) {
    const slot = order[r];
    const c = contacts[slot];
    if (!c) {
      continue;
    }
    const hay = parts.text.haystack(slot, withDigits);
    if (hay.startsWith(whole)) {
      continue;
    }
    const lead = parts.leads.nameAt(slot);
    let match = true;
    let wordStarts = true;
    for (const t of terms) {
      if (!(hay.includes(t) || (lead !== undefined && lead.includes(t)))) {
        match = false;
        break;
      }
      if (wordStarts && !(startsWord(hay, t) || (lead !== undefined && startsWord(lead, t)))) {
        wordStarts = false;
      }
    }
    if (!match) {
      continue;
    }
    if (wordStarts) {
      tier1.push(c);
      if (tier1.length >= need) {
        return tier1;
      }
    } else if (tier2.length < need) {
      tier2.push(c);
    }
  }
  if (steps === order.length) {
    return tier1.concat(tier2).slice(0, need);
  }
  return undefined;
}

/** Word-prefix (tier 1 or better) matches among WALK_SAMPLE contacts spread over the label order. */
function sampleMatches(parts: IndexParts, terms: readonly string[], withDigits: boolean): number {
  const { order } = parts.order;
  const stride = order.length / WALK_SAMPLE;
  let matches = 0;
  for (let k = 0; k < WALK_SAMPLE; k++) {
    const slot = order[Math.floor(k * stride)];
    const c = parts.slots.contacts[slot];
    if (!c) {
      continue;
    }
    const hay = parts.text.haystack(slot, withDigits);
    const lead = parts.leads.nameAt(slot);
    if (terms.every((t) => startsWord(hay, t) || (lead !== undefined && startsWord(lead, t)))) {
      matches++;
    }
  }
  return matches;
}
