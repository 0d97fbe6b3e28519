// What the detail panel shows, decided without a DOM: a contact (possibly partial, possibly
// hostile or off-schema) becomes sections of rows of plain strings and vetted links. The
// renderer only turns these into elements with textContent, so no value is ever markup.
import type { ContactMessage, CopyKind, PanelLead } from '../protocol';
import { MAX_MESSAGE_STRING } from '../protocol';
import { leadPageUrl, mailtoLink, safeLink, telLink } from '../links';
import { callStatusLabel, clip, formatDateTime, formatDuration, formatLocalTime, humanize, type FormatOptions } from './format';

export interface ViewText {
  text: string;
  /** A link vetted by `safeLink`; null: shown as plain text. */
  href: string | null;
}

export interface ViewCopy {
  kind: CopyKind;
  value: string;
  /** e.g. `Copy email ada@example.com`. */
  ariaLabel: string;
}

export type RowTestId = 'email-row' | 'phone-row' | 'url-row' | 'integration-row' | 'call-row' | 'subscription-row' | 'fact-row';

export interface ViewRow {
  testId: RowTestId;
  /** The term of a fact row (`Created`); absent in list rows. */
  label?: string;
  main: ViewText;
  /** Secondary facts shown after the main text (`work`, `unsubscribed`). */
  details: string[];
  copy?: ViewCopy;
  /** The main link opens the lead in Close through the host (`openLead`). */
  opensLead?: boolean;
  /** The main text is the local time in this zone; the panel keeps it current. */
  liveTimeZone?: string;
}

export type SectionId =
  | 'about'
  | 'lead'
  | 'emails'
  | 'phones'
  | 'urls'
  | 'integration-links'
  | 'recent-calls'
  | 'subscriptions'
  | 'timezone'
  | 'record'
  | 'ids';

export interface ViewSection {
  id: SectionId;
  heading: string;
  /** `list`: one item per entry (emails, phones...); `facts`: label/value pairs. */
  layout: 'list' | 'facts';
  rows: ViewRow[];
  /** Shown instead of the rows when there are none (`None`, `Loading…`, `No lead`). */
  emptyText: string;
}

export interface ContactView {
  /** The heading: display_name, else name, else the first email, else `(no name)`. */
  name: string;
  title: string | null;
  loading: boolean;
  error: string | null;
  sections: ViewSection[];
}

export interface ViewOptions extends FormatOptions {
  now: number;
}

export const NONE = 'None';
export const LOADING = 'Loading…';

type Loose = Record<string, unknown>;

function isRecord(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field as text: strings as they are, numbers printed, anything else empty. */
function text(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  return '';
}

function records(value: unknown): Loose[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function plain(value: string): ViewText {
  return { text: clip(value), href: null };
}

function nonEmpty(values: string[]): string[] {
  return values.filter((v) => v.length > 0).map((v) => clip(v));
}

function copyAction(kind: CopyKind, value: string): ViewCopy | undefined {
  if (value.length === 0 || value.length > MAX_MESSAGE_STRING) {
    return undefined;
  }
  return { kind, value, ariaLabel: `Copy ${kind} ${clip(value, 200)}` };
}

class Builder {
  constructor(
    private readonly contact: Loose,
    private readonly loading: boolean,
    private readonly options: ViewOptions,
  ) {}

  /** The field is in the record (a partial record from the list lacks most of them). */
  has(field: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.contact, field) && this.contact[field] !== undefined;
  }

  /** Empty text for a section whose field is missing: still loading, or really nothing. */
  emptyFor(field: string, otherwise = NONE): string {
    return !this.has(field) && this.loading ? LOADING : otherwise;
  }

  fact(label: string, field: string, value?: ViewText, details: string[] = []): ViewRow {
    const raw = text(this.contact[field]);
    const main = value ?? (raw.length > 0 ? plain(raw) : plain(this.emptyFor(field)));
    return { testId: 'fact-row', label, main, details };
  }

  date(label: string, field: string): ViewRow {
    const shown = formatDateTime(this.contact[field], this.options);
    return this.fact(label, field, shown === null ? undefined : plain(shown));
  }

  list(id: SectionId, heading: string, field: string, row: (entry: Loose) => ViewRow | undefined): ViewSection {
    const rows: ViewRow[] = [];
    for (const entry of records(this.contact[field])) {
      const built = row(entry);
      if (built !== undefined) {
        rows.push(built);
      }
    }
    return { id, heading, layout: 'list', rows, emptyText: this.emptyFor(field) };
  }
}

function emailRow(entry: Loose): ViewRow | undefined {
  const email = text(entry.email).trim();
  if (email.length === 0) {
    return undefined;
  }
  return {
    testId: 'email-row',
    main: { text: clip(email), href: mailtoLink(email) },
    details: nonEmpty([text(entry.type), entry.is_unsubscribed === true ? 'unsubscribed' : '']),
    copy: copyAction('email', email),
  };
}

function phoneRow(entry: Loose): ViewRow | undefined {
  const phone = text(entry.phone).trim();
  const shown = text(entry.phone_formatted).trim() || phone;
  if (shown.length === 0) {
    return undefined;
  }
  const zones = Array.isArray(entry.tz_ids) ? entry.tz_ids.map(text).filter((z) => z.length > 0) : [];
  return {
    testId: 'phone-row',
    main: { text: clip(shown), href: telLink(phone || shown) },
    details: nonEmpty([
      text(entry.type),
      text(entry.country),
      entry.outbound_sms_blocked === true ? 'SMS blocked' : '',
      zones.length > 0 ? `Time zones: ${zones.join(', ')}` : '',
    ]),
    copy: copyAction('phone', shown),
  };
}

function urlRow(entry: Loose): ViewRow | undefined {
  const url = text(entry.url).trim();
  if (url.length === 0) {
    return undefined;
  }
  const href = safeLink(url);
  return {
    testId: 'url-row',
    main: { text: clip(url), href },
    details: nonEmpty([text(entry.type), href === null ? 'not a web, mail or phone link: not opened' : '']),
  };
}

function integrationRow(entry: Loose): ViewRow | undefined {
  const name = text(entry.name).trim();
  const url = text(entry.url).trim();
  if (name.length === 0 && url.length === 0) {
    return undefined;
  }
  const href = safeLink(url);
  return {
    testId: 'integration-row',
    main: { text: clip(name || url), href },
    // An unsafe target is shown so the user sees what it was, never as a link.
    details: href === null && url.length > 0 ? nonEmpty([url, 'not a web, mail or phone link: not opened']) : [],
  };
}

function callRow(entry: Loose, options: ViewOptions): ViewRow | undefined {
  const status = text(entry.status);
  const duration = formatDuration(entry.duration);
  const finished = formatDateTime(entry.finish_timestamp, options);
  if (status.length === 0 && duration === null && finished === null) {
    return undefined;
  }
  return {
    testId: 'call-row',
    main: plain(status.length > 0 ? callStatusLabel(status) : 'Call'),
    details: nonEmpty([duration === null ? '' : `Duration ${duration}`, finished === null ? '' : `Finished ${finished}`]),
  };
}

function subscriptionRow(entry: Loose, options: ViewOptions): ViewRow | undefined {
  const sequence = text(entry.sequence_name) || text(entry.sequence_id);
  if (sequence.length === 0) {
    return undefined;
  }
  const sequenceStatus = text(entry.sequence_status);
  const status = text(entry.subscription_status);
  const reason = text(entry.subscription_status_reason);
  const started = formatDateTime(entry.start_date, options);
  return {
    testId: 'subscription-row',
    main: plain(sequence),
    details: nonEmpty([
      sequenceStatus ? `Sequence ${humanize(sequenceStatus)}` : '',
      status ? `Subscription ${humanize(status)}` : '',
      reason ? `Reason: ${humanize(reason)}` : '',
      text(entry.contact_email) ? `To ${text(entry.contact_email)}` : '',
      started === null ? '' : `Started ${started}`,
    ]),
  };
}

function leadSection(b: Builder, contact: Loose, lead: PanelLead | undefined): ViewSection {
  const leadId = lead?.id ?? text(contact.lead_id);
  const section: ViewSection = { id: 'lead', heading: 'Lead', layout: 'facts', rows: [], emptyText: b.emptyFor('lead_id', 'No lead') };
  if (leadId.length === 0) {
    return section;
  }
  const name = lead?.name?.trim() ?? '';
  section.rows.push({ testId: 'fact-row', label: 'Name', main: plain(name.length > 0 ? name : leadId), details: [] });
  const href = leadPageUrl(leadId, lead?.htmlUrl);
  if (href !== null) {
    section.rows.push({ testId: 'fact-row', label: 'Web app', main: { text: 'Open in Close', href }, details: [], opensLead: true });
  }
  return section;
}

function timezoneSection(b: Builder, contact: Loose, options: ViewOptions): ViewSection {
  const zone = text(contact.timezone).trim();
  const source = text(contact.timezone_source).trim();
  const rows: ViewRow[] = [b.fact('Time zone', 'timezone', undefined, nonEmpty([source ? `source: ${humanize(source)}` : '']))];
  if (zone.length > 0) {
    const local = formatLocalTime(zone, options.now, options.locale);
    rows.push(
      local === null
        ? { testId: 'fact-row', label: 'Local time', main: plain('Unknown: not a time zone this system knows'), details: [] }
        : { testId: 'fact-row', label: 'Local time', main: plain(local), details: [], liveTimeZone: zone },
    );
  }
  return { id: 'timezone', heading: 'Time zone', layout: 'facts', rows, emptyText: NONE };
}

/** The contact's heading, by the same rule as the tree's label. */
export function headingOf(contact: Loose): string {
  const displayName = text(contact.display_name).trim();
  const name = text(contact.name).trim();
  const firstEmail = records(contact.emails).map((e) => text(e.email).trim()).find((e) => e.length > 0) ?? '';
  return clip(displayName || name || firstEmail || '(no name)');
}

export function buildContactView(message: Pick<ContactMessage, 'contact' | 'lead' | 'loading' | 'error'>, options: ViewOptions): ContactView {
  const contact: Loose = isRecord(message.contact) ? message.contact : {};
  const b = new Builder(contact, message.loading, options);
  const title = text(contact.title).trim();
  const suggestions = text(contact.lead_suggestions_operation_id);

  const ids: ViewRow[] = [b.fact('Contact ID', 'id'), b.fact('Lead ID', 'lead_id'), b.fact('Organization ID', 'organization_id')];
  if (suggestions.length > 0) {
    ids.push(b.fact('Lead suggestions operation', 'lead_suggestions_operation_id'));
  }

  return {
    name: headingOf(contact),
    title: title.length > 0 ? clip(title) : null,
    loading: message.loading,
    error: typeof message.error === 'string' && message.error.length > 0 ? clip(message.error) : null,
    sections: [
      {
        id: 'about',
        heading: 'Contact',
        layout: 'facts',
        rows: [b.fact('Name', 'name'), b.fact('Display name', 'display_name'), b.fact('Title', 'title')],
        emptyText: NONE,
      },
      leadSection(b, contact, message.lead),
      b.list('emails', 'Emails', 'emails', emailRow),
      b.list('phones', 'Phones', 'phones', phoneRow),
      b.list('urls', 'URLs', 'urls', urlRow),
      b.list('integration-links', 'Integration links', 'integration_links', integrationRow),
      b.list('recent-calls', 'Recent calls', 'recent_calls', (e) => callRow(e, options)),
      b.list('subscriptions', 'Sequence subscriptions', 'subscriptions', (e) => subscriptionRow(e, options)),
      timezoneSection(b, contact, options),
      {
        id: 'record',
        heading: 'Record',
        layout: 'facts',
        rows: [b.date('Created', 'date_created'), b.fact('Created by', 'created_by'), b.date('Updated', 'date_updated'), b.fact('Updated by', 'updated_by')],
        emptyText: NONE,
      },
      { id: 'ids', heading: 'IDs', layout: 'facts', rows: ids, emptyText: NONE },
    ],
  };
}
