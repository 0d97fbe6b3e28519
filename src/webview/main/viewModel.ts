// What the detail panel shows, decided without a DOM: a contact (possibly partial, possibly
// hostile or off-schema) becomes sections of rows of plain strings and vetted links. The
// renderer only turns these into elements with textContent, so no value is ever markup.
// Every word of the panel's own goes through `l10n.t` when the view is built (index.ts has
// configured @vscode/l10n with the host's bundle by then).
import * as l10n from '@vscode/l10n';
import type { ContactMessage, CopyKind, PanelLead } from '../protocol';
import { isRecord, MAX_MESSAGE_STRING } from '../protocol';
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
  /** The email's (phone's) place in the contact's list: the host copies the real value by it. */
  index: number;
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

/** What an empty field or section shows. */
export function noneText(): string {
  return l10n.t({ message: 'None', comment: ['Shown for an empty field or an empty list of the contact'] });
}

/** What a field or section shows while the full record is still loading. */
export function loadingText(): string {
  return l10n.t('Loading…');
}

type Loose = Record<string, unknown>;

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

function copyAction(kind: CopyKind, value: string, index: number): ViewCopy | undefined {
  if (value.length === 0 || value.length > MAX_MESSAGE_STRING) {
    return undefined;
  }
  const shown = clip(value, 200);
  const ariaLabel = kind === 'email' ? l10n.t('Copy email {0}', shown) : l10n.t('Copy phone {0}', shown);
  return { kind, value, index, ariaLabel };
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
  emptyFor(field: string, otherwise = noneText()): string {
    return !this.has(field) && this.loading ? loadingText() : otherwise;
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

  list(id: SectionId, heading: string, field: string, row: (entry: Loose, index: number) => ViewRow | undefined): ViewSection {
    const rows: ViewRow[] = [];
    const entries: unknown = this.contact[field];
    (Array.isArray(entries) ? entries : []).forEach((entry: unknown, index) => {
      const built = isRecord(entry) ? row(entry, index) : undefined;
      if (built !== undefined) {
        rows.push(built);
      }
    });
    return { id, heading, layout: 'list', rows, emptyText: this.emptyFor(field) };
  }
}

function notOpened(): string {
  return l10n.t('not a web, mail or phone link: not opened');
}

function nameLabel(): string {
  return l10n.t({ message: 'Name', comment: ['Label of a name (of the contact or of its lead)'] });
}

function timeZoneText(): string {
  return l10n.t('Time zone');
}

/** In privacy mode the values are masks: no link is made of them. */
function emailRow(entry: Loose, index: number, privacy: boolean): ViewRow | undefined {
  const email = text(entry.email).trim();
  if (email.length === 0) {
    return undefined;
  }
  return {
    testId: 'email-row',
    main: { text: clip(email), href: privacy ? null : mailtoLink(email) },
    details: nonEmpty([text(entry.type), entry.is_unsubscribed === true ? l10n.t({ message: 'unsubscribed', comment: ['Said of an email address that opted out of emails'] }) : '']),
    copy: copyAction('email', email, index),
  };
}

function phoneRow(entry: Loose, index: number, privacy: boolean): ViewRow | undefined {
  const phone = text(entry.phone).trim();
  const shown = text(entry.phone_formatted).trim() || phone;
  if (shown.length === 0) {
    return undefined;
  }
  const zones = Array.isArray(entry.tz_ids) ? entry.tz_ids.map(text).filter((z) => z.length > 0) : [];
  return {
    testId: 'phone-row',
    main: { text: clip(shown), href: privacy ? null : telLink(phone || shown) },
    details: nonEmpty([
      text(entry.type),
      text(entry.country),
      entry.outbound_sms_blocked === true ? l10n.t('SMS blocked') : '',
      zones.length > 0 ? l10n.t({ message: 'Time zones: {0}', args: [zones.join(', ')], comment: ['{0} is a list of IANA zone names such as America/Los_Angeles'] }) : '',
    ]),
    copy: copyAction('phone', shown, index),
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
    details: nonEmpty([text(entry.type), href === null ? notOpened() : '']),
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
    details: href === null && url.length > 0 ? nonEmpty([url, notOpened()]) : [],
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
    main: plain(status.length > 0 ? callStatusLabel(status) : l10n.t({ message: 'Call', comment: ['A phone call whose status is not known'] })),
    details: nonEmpty([
      duration === null ? '' : l10n.t({ message: 'Duration {0}', args: [duration], comment: ['{0} is minutes:seconds, e.g. 1:05'] }),
      finished === null ? '' : l10n.t({ message: 'Finished {0}', args: [finished], comment: ['{0} is a date and time'] }),
    ]),
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
      sequenceStatus ? l10n.t({ message: 'Sequence {0}', args: [humanize(sequenceStatus)], comment: ["{0} is the email sequence's status as Close names it, e.g. active, paused"] }) : '',
      status ? l10n.t({ message: 'Subscription {0}', args: [humanize(status)], comment: ["{0} is the contact's subscription status as Close names it, e.g. active, finished"] }) : '',
      reason ? l10n.t({ message: 'Reason: {0}', args: [humanize(reason)], comment: ['{0} is why the subscription has its status, as Close names it'] }) : '',
      text(entry.contact_email) ? l10n.t({ message: 'To {0}', args: [text(entry.contact_email)], comment: ['{0} is the email address the sequence writes to'] }) : '',
      started === null ? '' : l10n.t({ message: 'Started {0}', args: [started], comment: ['{0} is a date and time'] }),
    ]),
  };
}

function leadSection(b: Builder, contact: Loose, lead: PanelLead | undefined): ViewSection {
  const leadId = lead?.id ?? text(contact.lead_id);
  const section: ViewSection = {
    id: 'lead',
    heading: l10n.t({ message: 'Lead', comment: ['A lead in Close: the company or organization a contact belongs to'] }),
    layout: 'facts',
    rows: [],
    emptyText: b.emptyFor('lead_id', l10n.t('No lead')),
  };
  if (leadId.length === 0) {
    return section;
  }
  const name = lead?.name?.trim() ?? '';
  section.rows.push({ testId: 'fact-row', label: nameLabel(), main: plain(name.length > 0 ? name : leadId), details: [] });
  const status = lead?.status?.trim() ?? '';
  if (status.length > 0) {
    section.rows.push({
      testId: 'fact-row',
      label: l10n.t({ message: 'Status', comment: ["Label of the lead's status in Close, such as Qualified"] }),
      main: plain(status),
      details: [],
    });
  }
  const href = leadPageUrl(leadId, lead?.htmlUrl);
  if (href !== null) {
    section.rows.push({
      testId: 'fact-row',
      label: l10n.t({ message: 'Web app', comment: ["Label of the link to the lead's page in Close's web app"] }),
      main: { text: l10n.t('Open in Close'), href },
      details: [],
      opensLead: true,
    });
  }
  return section;
}

function timezoneSection(b: Builder, contact: Loose, options: ViewOptions): ViewSection {
  const zone = text(contact.timezone).trim();
  const source = text(contact.timezone_source).trim();
  const sourceText = source ? l10n.t({ message: 'source: {0}', args: [humanize(source)], comment: ["{0} is where Close took the contact's time zone from, as Close names it"] }) : '';
  const rows: ViewRow[] = [b.fact(timeZoneText(), 'timezone', undefined, nonEmpty([sourceText]))];
  if (zone.length > 0) {
    const local = formatLocalTime(zone, options.now, options.locale);
    const label = l10n.t({ message: 'Local time', comment: ["The time now where the contact is"] });
    rows.push(
      local === null
        ? { testId: 'fact-row', label, main: plain(l10n.t('Unknown: not a time zone this system knows')), details: [] }
        : { testId: 'fact-row', label, main: plain(local), details: [], liveTimeZone: zone },
    );
  }
  return { id: 'timezone', heading: timeZoneText(), layout: 'facts', rows, emptyText: noneText() };
}

/** The contact's heading, by the same rule as the tree's label. */
export function headingOf(contact: Loose): string {
  const displayName = text(contact.display_name).trim();
  const name = text(contact.name).trim();
  const firstEmail = records(contact.emails).map((e) => text(e.email).trim()).find((e) => e.length > 0) ?? '';
  return clip(displayName || name || firstEmail || l10n.t('(no name)'));
}

export function buildContactView(message: Pick<ContactMessage, 'contact' | 'lead' | 'loading' | 'error' | 'privacy'>, options: ViewOptions): ContactView {
  const privacy = message.privacy === true;
  const contact: Loose = isRecord(message.contact) ? message.contact : {};
  const b = new Builder(contact, message.loading, options);
  const title = text(contact.title).trim();
  const suggestions = text(contact.lead_suggestions_operation_id);

  const ids: ViewRow[] = [b.fact(l10n.t('Contact ID'), 'id'), b.fact(l10n.t('Lead ID'), 'lead_id'), b.fact(l10n.t('Organization ID'), 'organization_id')];
  if (suggestions.length > 0) {
    ids.push(b.fact(l10n.t({ message: 'Lead suggestions operation', comment: ["Label of the id of Close's lead-suggestion operation for this contact"] }), 'lead_suggestions_operation_id'));
  }

  return {
    name: headingOf(contact),
    title: title.length > 0 ? clip(title) : null,
    loading: message.loading,
    error: typeof message.error === 'string' && message.error.length > 0 ? clip(message.error) : null,
    sections: [
      {
        id: 'about',
        heading: l10n.t({ message: 'Contact', comment: ['Heading of the section about the contact (a person in Close)'] }),
        layout: 'facts',
        rows: [
          b.fact(nameLabel(), 'name'),
          b.fact(l10n.t('Display name'), 'display_name'),
          b.fact(l10n.t({ message: 'Title', comment: ["The contact's job title"] }), 'title'),
        ],
        emptyText: noneText(),
      },
      leadSection(b, contact, message.lead),
      b.list('emails', l10n.t('Emails'), 'emails', (e, i) => emailRow(e, i, privacy)),
      b.list('phones', l10n.t('Phones'), 'phones', (e, i) => phoneRow(e, i, privacy)),
      b.list('urls', l10n.t('URLs'), 'urls', urlRow),
      b.list('integration-links', l10n.t('Integration links'), 'integration_links', integrationRow),
      b.list('recent-calls', l10n.t('Recent calls'), 'recent_calls', (e) => callRow(e, options)),
      b.list('subscriptions', l10n.t('Sequence subscriptions'), 'subscriptions', (e) => subscriptionRow(e, options)),
      timezoneSection(b, contact, options),
      {
        id: 'record',
        heading: l10n.t({ message: 'Record', comment: ["Heading of the section on when and by whom the contact's record was created and updated"] }),
        layout: 'facts',
        rows: [
          b.date(l10n.t({ message: 'Created', comment: ['Label of the date the record was created'] }), 'date_created'),
          b.fact(l10n.t('Created by'), 'created_by'),
          b.date(l10n.t({ message: 'Updated', comment: ['Label of the date the record was last updated'] }), 'date_updated'),
          b.fact(l10n.t('Updated by'), 'updated_by'),
        ],
        emptyText: noneText(),
      },
      { id: 'ids', heading: l10n.t({ message: 'IDs', comment: ["Heading of the section with the record's identifiers"] }), layout: 'facts', rows: ids, emptyText: noneText() },
    ],
  };
}
