// The summaries the store keeps: a contact's emails and phones packed into one string and
// decoded when read. At 200,000 contacts their arrays and objects cost about 270 B per
// contact more than the string (see the heap figures of `npm run bench`).
import type { ContactEmail, ContactPhone } from '../close/types';
import type { ContactSummary } from './contactSummary';
import { intern } from './intern';

/** Shared by every contact without emails or phones. */
export const EMPTY: readonly never[] = Object.freeze([]);

const FIELD = '\u0001';
/** Without emails and phones. */
const NO_CHANNELS = '0';
const EMAIL_FIELDS = 3;
const PHONE_FIELDS = 4;

type SummaryFields = Omit<ContactSummary, 'emails' | 'phones'>;

class PackedSummary implements ContactSummary {
  readonly id: string;
  readonly leadId: string | null;
  readonly displayName: string | null;
  readonly name: string | null;
  readonly title: string | null;
  /**
   * One string (a joined one is flat: no rope of pieces) of fields apart by FIELD: the number
   * of emails, then each email's type, email and unsubscribed flag, then each phone's type,
   * phone, formatted phone and country.
   */
  private readonly channels: string;

  constructor(fields: SummaryFields, channels: string) {
    this.id = fields.id;
    this.leadId = fields.leadId;
    this.displayName = fields.displayName;
    this.name = fields.name;
    this.title = fields.title;
    this.channels = channels;
  }

  get emails(): readonly ContactEmail[] {
    const f = this.channels.split(FIELD);
    const end = 1 + Number(f[0]) * EMAIL_FIELDS;
    const out: ContactEmail[] = [];
    for (let i = 1; i + EMAIL_FIELDS <= end; i += EMAIL_FIELDS) {
      out.push({ email: f[i + 1], type: f[i], is_unsubscribed: f[i + 2] === '1' });
    }
    return out.length > 0 ? out : EMPTY;
  }

  get phones(): readonly ContactPhone[] {
    const f = this.channels.split(FIELD);
    const out: ContactPhone[] = [];
    for (let i = 1 + Number(f[0]) * EMAIL_FIELDS; i + PHONE_FIELDS <= f.length; i += PHONE_FIELDS) {
      const p: ContactPhone = { phone: f[i + 1], type: f[i] };
      if (f[i + 2]) {
        p.phone_formatted = f[i + 2];
      }
      if (f[i + 3]) {
        p.country = f[i + 3];
      }
      out.push(p);
    }
    return out.length > 0 ? out : EMPTY;
  }

  /** JSON sees a plain summary, emails and phones included. */
  toJSON(): ContactSummary {
    return plainSummary(this);
  }
}

/** A copy with its own properties only: for spreads, structural comparison and messages. */
export function plainSummary(c: ContactSummary): ContactSummary {
  return { id: c.id, leadId: c.leadId, displayName: c.displayName, name: c.name, title: c.title, emails: c.emails, phones: c.phones };
}

/**
 * A summary as the store keeps it. Lead ids and titles repeat across an organization and are
 * interned. A contact whose texts hold the packing's separator (only damaged data does) keeps
 * plain arrays.
 */
export function packSummary(fields: SummaryFields, emails: readonly ContactEmail[], phones: readonly ContactPhone[]): ContactSummary {
  const own: SummaryFields = { id: fields.id, leadId: intern(fields.leadId), displayName: fields.displayName, name: fields.name, title: intern(fields.title) };
  const texts: string[] = [String(emails.length)];
  for (const e of emails) {
    texts.push(e.type, e.email, e.is_unsubscribed ? '1' : '');
  }
  for (const p of phones) {
    texts.push(p.type, p.phone, p.phone_formatted ?? '', p.country ?? '');
  }
  if (texts.some((t) => t.includes(FIELD))) {
    return { ...own, emails: exact(emails), phones: exact(phones) };
  }
  return new PackedSummary(own, texts.length === 1 ? NO_CHANNELS : texts.join(FIELD));
}

function exact<T>(items: readonly T[]): readonly T[] {
  // slice(): an exact-size copy (a pushed-to array keeps spare capacity for 17 items).
  return items.length > 0 ? items.slice() : EMPTY;
}
