// Seeded, realistic Close data for the fake server. Same seed, same data; no Math.random.
import type {
  BasicSubscriptionInfoForContact,
  CallStatus,
  Contact,
  ContactEmail,
  ContactPhone,
  ContactRecentCall,
  ContactUrl,
  Lead,
  RenderedIntegrationLink,
  StatusReason,
  WorkflowRunStatus,
  WorkflowStatus,
} from '../../src/close/types';

export interface FakeDataset {
  contacts: Contact[];
  leads: Lead[];
}

/** mulberry32: tiny, fast and good enough for test data. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = (seed ^ 0x9e3779b9) >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  between(min: number, maxInclusive: number): number {
    return min + this.int(maxInclusive - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) {
      out += String(this.int(10));
    }
    return out;
  }
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const BASE62_CODES = Array.from(BASE62, (ch) => ch.charCodeAt(0));
const idCodes: number[] = new Array<number>(43).fill(0);

/**
 * Close-style id: prefix + 43 base62 characters. Built with fromCharCode so the string is
 * flat: `+=` would leave a rope that makes every later comparison of ids slow.
 */
export function closeId(rng: Rng, prefix: string): string {
  // Five base62 characters per 32-bit draw (62^5 < 2^32) keeps 100,000 contacts fast.
  for (let i = 0; i < 43; i += 5) {
    let n = Math.floor(rng.next() * 916_132_832);
    for (let j = 0; j < 5 && i + j < 43; j++) {
      idCodes[i + j] = BASE62_CODES[n % 62] as number;
      n = Math.floor(n / 62);
    }
  }
  const codes: number[] = [];
  for (let i = 0; i < prefix.length; i++) {
    codes.push(prefix.charCodeAt(i));
  }
  return String.fromCharCode(...codes, ...idCodes);
}

interface NamePool {
  first: readonly string[];
  last: readonly string[];
  /** Family name first, no space (Japanese). */
  familyFirst?: boolean;
  /** Latin transliteration for email addresses. */
  latinFirst?: readonly string[];
  latinLast?: readonly string[];
}

const ENGLISH: NamePool = {
  first: ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Chris', 'Karen', 'Daniel', 'Nancy', 'Matthew', 'Lisa', 'Anthony', 'Betty', 'Mark', 'Sandra', 'Steven', 'Ashley', 'Andrew', 'Emily', 'Kevin', 'Michelle', 'Brian', 'Amanda', 'Priya', 'Wei', 'Aisha', 'Diego'],
  last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', "O'Brien", 'McAllister', 'Nguyen', 'Patel', 'Kim', 'Chen', 'van der Berg', 'Smith-Jones'],
};

const ACCENTED: NamePool = {
  first: ['José', 'María', 'François', 'Zoë', 'Björn', 'Søren', 'Łukasz', 'Ángel', 'Renée', 'Jürgen', 'Ines', 'Çağla', 'Mårten', 'Noémie', 'Dvořák', 'Ana'],
  last: ['Müller', 'Gómez', 'Lefèvre', 'Øvergaard', 'Nuñez', 'Kowalczyk', 'Ibáñez', 'Schröder', 'Žukauskas', 'Dąbrowski', 'Łęcka', 'Fernández', 'Gonçalves', 'Ærø', 'Straße', 'Yılmaz'],
  latinFirst: ['jose', 'maria', 'francois', 'zoe', 'bjorn', 'soren', 'lukasz', 'angel', 'renee', 'jurgen', 'ines', 'cagla', 'marten', 'noemie', 'dvorak', 'ana'],
  latinLast: ['muller', 'gomez', 'lefevre', 'overgaard', 'nunez', 'kowalczyk', 'ibanez', 'schroder', 'zukauskas', 'dabrowski', 'lecka', 'fernandez', 'goncalves', 'aero', 'strasse', 'yilmaz'],
};

const JAPANESE: NamePool = {
  first: ['太郎', '花子', '健', '美咲', '翔太', 'さくら', '大輔', '陽子'],
  last: ['山田', '佐藤', '鈴木', '高橋', '田中', '渡辺', '伊藤', '中村'],
  familyFirst: true,
  latinFirst: ['taro', 'hanako', 'ken', 'misaki', 'shota', 'sakura', 'daisuke', 'yoko'],
  latinLast: ['yamada', 'sato', 'suzuki', 'takahashi', 'tanaka', 'watanabe', 'ito', 'nakamura'],
};

const CYRILLIC: NamePool = {
  first: ['Иван', 'Ольга', 'Дмитрий', 'Анна', 'Сергей', 'Татьяна', 'Алексей', 'Мария'],
  last: ['Иванов', 'Смирнова', 'Кузнецов', 'Попова', 'Соколов', 'Лебедева', 'Козлов', 'Новикова'],
  latinFirst: ['ivan', 'olga', 'dmitry', 'anna', 'sergey', 'tatiana', 'alexey', 'maria'],
  latinLast: ['ivanov', 'smirnova', 'kuznetsov', 'popova', 'sokolov', 'lebedeva', 'kozlov', 'novikova'],
};

const ARABIC: NamePool = {
  first: ['محمد', 'فاطمة', 'أحمد', 'ليلى', 'عمر', 'نور'],
  last: ['العلي', 'حسن', 'الخطيب', 'منصور', 'الحداد', 'سالم'],
  latinFirst: ['mohammed', 'fatima', 'ahmed', 'layla', 'omar', 'nour'],
  latinLast: ['alali', 'hassan', 'alkhatib', 'mansour', 'alhaddad', 'salem'],
};

const GREEK: NamePool = {
  first: ['Γιώργος', 'Μαρία', 'Νίκος', 'Ελένη', 'Δημήτρης', 'Σοφία'],
  last: ['Παπαδόπουλος', 'Νικολάου', 'Γεωργίου', 'Οικονόμου', 'Βλάχος', 'Αντωνίου'],
  latinFirst: ['giorgos', 'maria', 'nikos', 'eleni', 'dimitris', 'sofia'],
  latinLast: ['papadopoulos', 'nikolaou', 'georgiou', 'oikonomou', 'vlachos', 'antoniou'],
};

const TITLES = ['CEO', 'CTO', 'VP of Sales', 'Head of Marketing', 'Account Executive', 'Sales Development Representative', 'Office Manager', 'Founder', 'Co-founder & COO', 'Director of Operations', 'Procurement Lead', 'Senior Software Engineer', 'Customer Success Manager', 'CFO', 'Owner', 'Purchasing Agent', 'Marketing Coordinator', 'Head of Partnerships', 'IT Administrator', 'Product Manager', 'Geschäftsführer', '営業部長', 'Директор по продажам'];

const COMPANY_WORDS_A = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Soylent', 'Pied Piper', 'Blue Sky', 'Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Wide World', 'Litware', 'Adventure', 'Proseware', 'Lucerne', 'Alpine', 'Coho', 'Fourth Coffee', 'Margie', 'Trey', 'Woodgrove', 'Bright', 'Summit', 'Redwood', 'Harbor', 'Cedar', 'Pioneer', 'Quantum', 'Atlas', 'Zenith', 'Nova', 'Orion', 'Vertex', 'Polar', 'Silver'];
const COMPANY_WORDS_B = ['Corp', 'Inc.', 'LLC', 'Labs', 'Systems', 'Logistics', 'Partners', 'Holdings', 'Foods', 'Media', 'Analytics', 'Software', 'Consulting', 'Industries', 'Dynamics', 'GmbH', 'Ltd', 'S.A.', 'Group', 'Ventures'];
const COMPANY_SPECIAL = ['株式会社サンプル', 'ООО Ромашка', 'Ελληνική Εταιρεία', 'شركة النور', 'Café Müller', 'Île-de-France Négoce', 'über cool GmbH', 'eBay Reseller Co', 'iRobot Fans', '3M Distributors'];

const STATUS_LABELS = ['Potential', 'Bad Fit', 'Qualified', 'Customer', 'Interested', 'Not Interested', 'Canceled'];

const EMAIL_TYPES = ['office', 'home', 'direct', 'other'] as const;
const PHONE_TYPES = ['office', 'mobile', 'home', 'direct', 'fax', 'other'] as const;
const CALL_STATUSES: readonly CallStatus[] = ['created', 'in-progress', 'completed', 'cancel', 'no-answer', 'busy', 'failed', 'timeout'];
const WORKFLOW_STATUSES: readonly WorkflowStatus[] = ['active', 'paused', 'draft'];
const RUN_STATUSES: readonly WorkflowRunStatus[] = ['active', 'paused', 'finished', 'goal', 'error'];
const STATUS_REASONS: readonly StatusReason[] = ['manual', 'pending-call-timed-out', 'bulk-action', 'rate-limited', 'sequence-deleted', 'workflow-paused', 'filter-not-matched', 'reply-received', 'call-answered', 'meeting-booked', 'lead-status-changed', 'outcome-met', 'account-invalid', 'account-failures', 'sending-throttled-too-long', 'membership-inactive', 'send-as-error', 'email-bounced', 'call-failed', 'sms-failed', 'no-user-phone', 'billing-error', 'assignment-field-invalid', 'lead-status-field-invalid', 'assignees-missing', 'run-as-disabled', 'lead-not-visible', 'internal-error', 'field-mapping-error', 'filter-config-invalid'];
const SEQUENCE_NAMES = ['Cold outreach Q3', 'Trial follow-up', 'Webinar attendees', 'Re-engagement', 'Onboarding nurture', 'Renewal reminder'];
const EMAIL_DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'proton.me', 'icloud.com'];
const TIMEZONE_SOURCES = ['phone', 'manual', 'lead_address', 'ip'];

interface CountryPlan {
  country: string;
  code: string;
  tz: readonly string[];
  /** Builds the national number and its formatted form from random digits. */
  make: (rng: Rng) => { national: string; formatted: string };
}

const COUNTRIES: readonly CountryPlan[] = [
  {
    country: 'US', code: '1', tz: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
    make: (rng) => {
      const area = String(rng.between(201, 989));
      const ex = String(rng.between(200, 999));
      const line = rng.digits(4);
      return { national: area + ex + line, formatted: `${area}-${ex}-${line}` };
    },
  },
  {
    country: 'GB', code: '44', tz: ['Europe/London'],
    make: (rng) => {
      const a = '20';
      const b = rng.digits(4);
      const c = rng.digits(4);
      return { national: a + b + c, formatted: `${a} ${b} ${c}` };
    },
  },
  {
    country: 'DE', code: '49', tz: ['Europe/Berlin'],
    make: (rng) => {
      const a = rng.pick(['30', '40', '89', '69']);
      const b = rng.digits(8);
      return { national: a + b, formatted: `${a} ${b}` };
    },
  },
  {
    country: 'FR', code: '33', tz: ['Europe/Paris'],
    make: (rng) => {
      const parts = [String(rng.between(1, 9)), rng.digits(2), rng.digits(2), rng.digits(2), rng.digits(2)];
      return { national: parts.join(''), formatted: parts.join(' ') };
    },
  },
  {
    country: 'JP', code: '81', tz: ['Asia/Tokyo'],
    make: (rng) => {
      const a = '3';
      const b = rng.digits(4);
      const c = rng.digits(4);
      return { national: a + b + c, formatted: `${a}-${b}-${c}` };
    },
  },
  {
    country: 'AU', code: '61', tz: ['Australia/Sydney', 'Australia/Melbourne'],
    make: (rng) => {
      const a = '2';
      const b = rng.digits(4);
      const c = rng.digits(4);
      return { national: a + b + c, formatted: `${a} ${b} ${c}` };
    },
  },
  {
    country: 'BR', code: '55', tz: ['America/Sao_Paulo'],
    make: (rng) => {
      const a = '11';
      const b = '9' + rng.digits(4);
      const c = rng.digits(4);
      return { national: a + b + c, formatted: `${a} ${b}-${c}` };
    },
  },
];

/** Most phones are US, like most Close organizations. */
function pickCountry(rng: Rng): CountryPlan {
  return rng.chance(0.6) ? (COUNTRIES[0] as CountryPlan) : rng.pick(COUNTRIES);
}

const BASE_TIME = Date.UTC(2019, 0, 7, 9, 0, 0);
const DAY = 86_400_000;

const dayPrefixes = new Map<number, string>();

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Close's date format, e.g. 2019-01-07T09:00:00.123000+00:00; day prefixes cached (Date is slow at 100k). */
export function iso(ms: number): string {
  const day = Math.floor(ms / DAY);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  let rest = ms - day * DAY;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${prefix}${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(millis, 3)}000+00:00`;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 20);
}

export interface GeneratorContext {
  rng: Rng;
  organizationId: string;
  users: readonly string[];
  leads: readonly Lead[];
  /** Domains per lead index, for work email addresses. */
  leadDomains: readonly string[];
  sequences: readonly { id: string; name: string; status: WorkflowStatus }[];
}

function personName(rng: Rng): { name: string; latinFirst: string; latinLast: string } {
  const roll = rng.next();
  const pool = roll < 0.78 ? ENGLISH : roll < 0.88 ? ACCENTED : roll < 0.92 ? JAPANESE : roll < 0.95 ? CYRILLIC : roll < 0.975 ? ARABIC : GREEK;
  const fi = rng.int(pool.first.length);
  const li = rng.int(pool.last.length);
  const first = pool.first[fi] as string;
  const last = pool.last[li] as string;
  const name = pool.familyFirst ? `${last}${first}` : `${first} ${last}`;
  const latinFirst = pool.latinFirst ? (pool.latinFirst[fi] as string) : slug(first);
  const latinLast = pool.latinLast ? (pool.latinLast[li] as string) : slug(last);
  return { name, latinFirst, latinLast };
}

function makeEmails(rng: Rng, latinFirst: string, latinLast: string, workDomain: string): ContactEmail[] {
  const roll = rng.next();
  const count = roll < 0.08 ? 0 : roll < 0.7 ? 1 : roll < 0.92 ? 2 : 3;
  const emails: ContactEmail[] = [];
  for (let i = 0; i < count; i++) {
    const type = i === 0 ? (rng.chance(0.8) ? 'office' : rng.pick(EMAIL_TYPES)) : rng.pick(EMAIL_TYPES);
    const domain = type === 'home' ? rng.pick(EMAIL_DOMAINS) : workDomain;
    const local =
      i === 0 ? `${latinFirst}.${latinLast}` : i === 1 ? `${latinFirst.charAt(0)}${latinLast}` : `${latinFirst}${rng.between(1, 99)}`;
    emails.push({ email: `${local}@${domain}`, type, is_unsubscribed: rng.chance(0.06) });
  }
  return emails;
}

function makePhones(rng: Rng): ContactPhone[] {
  const roll = rng.next();
  const count = roll < 0.15 ? 0 : roll < 0.7 ? 1 : roll < 0.93 ? 2 : 3;
  const phones: ContactPhone[] = [];
  for (let i = 0; i < count; i++) {
    const plan = pickCountry(rng);
    const { national, formatted } = plan.make(rng);
    const phone: ContactPhone = {
      phone: `+${plan.code}${national}`,
      phone_formatted: `+${plan.code} ${formatted}`,
      type: i === 0 ? (rng.chance(0.6) ? 'office' : 'mobile') : rng.pick(PHONE_TYPES),
      country: plan.country,
      outbound_sms_blocked: rng.chance(0.05),
      tz_ids: [rng.pick(plan.tz)],
    };
    phones.push(phone);
  }
  return phones;
}

function makeCalls(rng: Rng, created: number): ContactRecentCall[] {
  if (!rng.chance(0.3)) {
    return [];
  }
  const count = rng.between(1, 3);
  const calls: ContactRecentCall[] = [];
  for (let i = 0; i < count; i++) {
    const status = rng.chance(0.6) ? 'completed' : rng.pick(CALL_STATUSES);
    calls.push({
      id: closeId(rng, 'acti_'),
      status,
      duration: status === 'completed' ? rng.between(5, 3600) : 0,
      finish_timestamp: iso(created + rng.between(1, 400) * DAY + rng.int(DAY)),
      dialer_id: rng.chance(0.3) ? closeId(rng, 'dialer_') : null,
    });
  }
  return calls;
}

function makeSubscriptions(ctx: GeneratorContext, created: number, emails: ContactEmail[]): BasicSubscriptionInfoForContact[] {
  const { rng } = ctx;
  if (!rng.chance(0.15)) {
    return [];
  }
  const count = rng.between(1, 2);
  const subs: BasicSubscriptionInfoForContact[] = [];
  for (let i = 0; i < count; i++) {
    const seq = rng.pick(ctx.sequences);
    const status = rng.pick(RUN_STATUSES);
    const started = created + rng.between(1, 200) * DAY;
    subs.push({
      contact_email: emails.length > 0 ? (emails[0] as ContactEmail).email : null,
      date_created: iso(started - rng.int(DAY)),
      initial_email_id: rng.chance(0.7) ? closeId(rng, 'acti_') : null,
      sequence_id: seq.id,
      sequence_name: seq.name,
      sequence_status: seq.status,
      start_date: rng.chance(0.9) ? iso(started) : null,
      subscription_id: closeId(rng, 'sub_'),
      subscription_status: status,
      subscription_status_reason: status === 'active' ? null : rng.pick(STATUS_REASONS),
    });
  }
  return subs;
}

/** One contact created at `created` (ms). Exported so the server can insert new ones. */
export function makeContact(ctx: GeneratorContext, created: number): Contact {
  const { rng } = ctx;
  const hasLead = ctx.leads.length > 0 && !rng.chance(0.03);
  const leadIndex = hasLead ? rng.int(ctx.leads.length) : -1;
  const lead = leadIndex >= 0 ? (ctx.leads[leadIndex] as Lead) : undefined;
  const workDomain = leadIndex >= 0 ? (ctx.leadDomains[leadIndex] as string) : rng.pick(EMAIL_DOMAINS);
  const person = personName(rng);
  const emails = makeEmails(rng, person.latinFirst, person.latinLast, workDomain);
  const phones = makePhones(rng);

  let name: string | null = person.name;
  let displayName = person.name;
  const oddity = rng.next();
  if (oddity < 0.006) {
    name = null;
    displayName = '';
  } else if (oddity < 0.01) {
    name = '';
    displayName = '';
  } else if (oddity < 0.014) {
    name = null;
    displayName = emails.length > 0 ? (emails[0] as ContactEmail).email : '';
  }

  const urls: ContactUrl[] = rng.chance(0.25)
    ? [{ type: 'url', url: rng.chance(0.5) ? `https://www.linkedin.com/in/${person.latinFirst}-${person.latinLast}` : `https://${workDomain}/team` }]
    : [];
  const query = encodeURIComponent(person.name);
  const integrationLinks: RenderedIntegrationLink[] = [
    { name: 'LinkedIn search', url: `https://www.linkedin.com/search/results/all/?keywords=${query}` },
  ];
  if (rng.chance(0.3)) {
    integrationLinks.push({ name: 'Google search', url: `https://www.google.com/search?q=${query}` });
  }
  const updated = created + rng.int(300) * DAY + rng.int(DAY);
  const phoneTz = phones.length > 0 ? (phones[0] as ContactPhone).tz_ids?.[0] : undefined;
  const timezone = phoneTz ?? (rng.chance(0.3) ? 'America/New_York' : null);
  const creator = rng.chance(0.05) ? null : rng.pick(ctx.users);

  return {
    id: closeId(rng, 'cont_'),
    name,
    display_name: displayName,
    title: rng.chance(0.2) ? (rng.chance(0.5) ? null : '') : rng.pick(TITLES),
    lead_id: lead ? lead.id : null,
    organization_id: ctx.organizationId,
    emails,
    phones,
    urls,
    integration_links: integrationLinks,
    recent_calls: makeCalls(rng, created),
    subscriptions: makeSubscriptions(ctx, created, emails),
    timezone,
    timezone_source: timezone === null ? null : phoneTz ? 'phone' : rng.pick(TIMEZONE_SOURCES),
    created_by: creator,
    updated_by: rng.chance(0.5) ? creator : rng.pick(ctx.users),
    date_created: iso(created),
    date_updated: iso(updated),
    lead_suggestions_operation_id: rng.chance(0.02) ? closeId(rng, 'lso_') : null,
  };
}

function companyName(rng: Rng, index: number, previous: readonly string[]): string {
  // A few names repeat an earlier one differing only by case, and some start lowercase.
  if (previous.length > 3 && rng.chance(0.02)) {
    const earlier = rng.pick(previous);
    return rng.chance(0.5) ? earlier.toLowerCase() : earlier.toUpperCase();
  }
  if (rng.chance(0.02)) {
    return rng.pick(COMPANY_SPECIAL);
  }
  const base = `${rng.pick(COMPANY_WORDS_A)} ${rng.pick(COMPANY_WORDS_B)}`;
  const name = index >= COMPANY_WORDS_A.length * COMPANY_WORDS_B.length / 4 ? `${base} ${index}` : base;
  return rng.chance(0.03) ? name.charAt(0).toLowerCase() + name.slice(1) : name;
}

export function makeLead(rng: Rng, index: number, previousNames: readonly string[]): { lead: Lead; domain: string } {
  const id = closeId(rng, 'lead_');
  const name = companyName(rng, index, previousNames);
  const domain = `${slug(name) || 'company'}${index}.example.com`;
  return {
    lead: {
      id,
      display_name: name,
      name,
      status_label: rng.pick(STATUS_LABELS),
      html_url: `https://app.close.com/lead/${id}/`,
      url: rng.chance(0.7) ? `https://${domain}/` : null,
    },
    domain,
  };
}

export function createContext(leadCount: number, seed: number): GeneratorContext {
  const rng = new Rng(seed);
  const organizationId = closeId(rng, 'orga_');
  const users: string[] = [];
  for (let i = 0; i < 12; i++) {
    users.push(closeId(rng, 'user_'));
  }
  const sequences = SEQUENCE_NAMES.map((name) => ({ id: closeId(rng, 'seq_'), name, status: rng.pick(WORKFLOW_STATUSES) }));
  const leads: Lead[] = [];
  const leadDomains: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < leadCount; i++) {
    const { lead, domain } = makeLead(rng, i, names);
    leads.push(lead);
    leadDomains.push(domain);
    names.push(lead.display_name ?? '');
  }
  return { rng, organizationId, users, leads, leadDomains, sequences };
}

/** Sorts like a DB listing: date_created, then id. Dates share one format, so string order works. */
export function compareContacts(a: Contact, b: Contact): number {
  if (a.date_created !== b.date_created) {
    return a.date_created < b.date_created ? -1 : 1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Times only grow, so only runs sharing one date_created need ordering (by id). */
function sortRun(list: Contact[], start: number, end: number): void {
  if (end - start > 1) {
    const run = list.slice(start, end).sort(compareContacts);
    for (let i = 0; i < run.length; i++) {
      list[start + i] = run[i] as Contact;
    }
  }
}

export function generateDataset(contacts: number, leads: number, seed: number): FakeDataset {
  const ctx = createContext(Math.max(0, leads), seed);
  const list: Contact[] = new Array<Contact>(contacts);
  let t = BASE_TIME;
  let runStart = 0;
  for (let i = 0; i < contacts; i++) {
    // Some contacts share a creation time (bulk imports), so the id tie-break matters.
    if (i > 0 && !ctx.rng.chance(0.1)) {
      t += 1000 * ctx.rng.between(1, 3600);
      sortRun(list, runStart, i);
      runStart = i;
    }
    list[i] = makeContact(ctx, t);
  }
  sortRun(list, runStart, contacts);
  return { contacts: list, leads: [...ctx.leads] };
}
