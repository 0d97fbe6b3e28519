import * as assert from 'node:assert/strict';
import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { ContactStore } from '../../../../src/model/contactStore';
import { toSummary, type ContactSummary } from '../../../../src/model/contactSummary';
import { CSV_COLUMNS, csvCell } from '../../../../src/model/export/csv';
import { exportFileName, formatOfFileName, rowsOf, rowsOfLead, type ExportRow } from '../../../../src/model/export/exportRow';
import { renderExport } from '../../../../src/model/export/runExport';
import { foldLine } from '../../../../src/model/export/vcard';
import { generateDataset } from '../../../fake/data';
import { summary } from '../helpers';

const LONG = 'Ω'.repeat(1000) + 'x'.repeat(48); // 2 KB of UTF-8
const HOSTILE_NAMES = [
  'Ada "The Countess" Lovelace',
  'Lovelace, Ada',
  'Line\nbreak\r\nand\rreturn',
  '=cmd|" /C calc"!A0',
  '+SUM(1,2)',
  '-2+3',
  '@IMPORTDATA("x")',
  '\tTabbed',
  '\rCarriage',
  'Semi;colon\\back\\slash',
  'Emoji 👩🏽‍💻 🇯🇵 team',
  'שלום עליכם \u202Eevil\u202C',
  LONG,
];

function hostileRows(): ExportRow[] {
  return HOSTILE_NAMES.map((name, i) => ({
    contact: summary(`cont_${i}`, {
      leadId: i % 3 === 0 ? null : `lead_${i}`,
      displayName: name,
      title: i % 2 ? `Title, "${name.slice(0, 20)}"` : null,
      emails: [
        { email: `p${i}@example.com`, type: 'office', is_unsubscribed: false },
        { email: `o${i}@example.org`, type: 'home', is_unsubscribed: true },
      ],
      phones: [{ phone: `+1 650-555-${String(1000 + i)}`, type: 'mobile' }],
    }),
    leadName: i % 3 === 0 ? null : `Lead ${name}`,
  }));
}

const decode = (bytes: Uint8Array): string => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

/** What a spreadsheet shows for a formula-safe cell, back to the text. */
const unescapeFormula = (cell: string): string => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

describe('export: CSV', () => {
  it('reads back with csv-parse: header, one record per contact, every field as it was', async () => {
    const rows = hostileRows();
    const bytes = await renderExport(rows, 'csv', { chunkRows: 4 });
    assert.ok(bytes);
    const records = parseCsv(Buffer.from(bytes), { bom: true, relax_column_count: false }) as string[][];
    assert.deepEqual(records[0], [...CSV_COLUMNS]);
    assert.equal(records.length, rows.length + 1);
    rows.forEach(({ contact: c, leadName }, i) => {
      const [name, title, lead, emails, phones, id, leadId] = records[i + 1].map(unescapeFormula);
      assert.equal(name, c.displayName);
      assert.equal(title, c.title ?? '');
      assert.equal(lead, leadName ?? '');
      assert.deepEqual(emails.split('; '), c.emails.map((e) => e.email));
      assert.deepEqual(phones.split('; '), c.phones.map((p) => p.phone));
      assert.equal(id, c.id);
      assert.equal(leadId, c.leadId ?? '');
    });
  });

  it('starts with a UTF-8 BOM and ends every record with CRLF', async () => {
    const bytes = await renderExport(hostileRows(), 'csv');
    assert.ok(bytes);
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = decode(bytes);
    assert.ok(text.endsWith('\r\n'));
    // Outside quoted fields, every line break is CRLF.
    const unquoted = text.replace(/"(?:[^"]|"")*"/g, '');
    assert.equal(unquoted.match(/\n/g)?.length, unquoted.match(/\r\n/g)?.length);
  });

  it('makes every cell that a spreadsheet would run as a formula start with a quote', async () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      assert.ok(csvCell(`${start}1+1`).replace(/^"/, '').startsWith(`'${start}`), JSON.stringify(start));
    }
    assert.equal(csvCell('Ada'), 'Ada');
    const bytes = await renderExport(hostileRows(), 'csv');
    assert.ok(bytes);
    const records = parseCsv(Buffer.from(bytes), { bom: true }) as string[][];
    for (const cell of records.flat()) {
      assert.ok(!/^[=+\-@\t\r]/.test(cell), `cell runs as a formula: ${JSON.stringify(cell.slice(0, 30))}`);
    }
  });

  it('quotes fields per RFC 4180 (quotes doubled)', () => {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
  });
});

describe('export: vCard 4.0', () => {
  it('reads back with ical.js: one card per contact with its name, lead, title, emails, phones and ids', async () => {
    const rows = hostileRows();
    const bytes = await renderExport(rows, 'vcard', { chunkRows: 5 });
    assert.ok(bytes);
    const text = decode(bytes);
    const parsed = ICAL.parse(text) as unknown[];
    const cards = (Array.isArray(parsed[0]) ? parsed : [parsed]).map((jcal) => new ICAL.Component(jcal as unknown[]));
    assert.equal(cards.length, rows.length);
    cards.forEach((card, i) => {
      const { contact: c, leadName } = rows[i];
      assert.equal(card.getFirstPropertyValue('version'), '4.0');
      // eslint-disable-next-line no-control-regex
      assert.equal(card.getFirstPropertyValue('fn'), (c.displayName ?? '').replace(/\r\n|\r/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, ''));
      const org = card.getFirstProperty('org');
      assert.equal(org ? String(org.getValues().join(';')) : null, leadName ? leadName.replace(/\r\n|\r/g, '\n') : null);
      assert.equal(card.getFirstPropertyValue('title') ?? null, c.title);
      assert.deepEqual(card.getAllProperties('email').map((p) => p.getFirstValue()), c.emails.map((e) => e.email));
      assert.deepEqual(card.getAllProperties('tel').map((p) => p.getFirstValue()), c.phones.map((p) => p.phone));
      assert.equal(card.getFirstPropertyValue('uid'), c.id);
      assert.equal(card.getFirstPropertyValue('x-close-contact-id'), c.id);
      assert.equal(card.getFirstPropertyValue('x-close-lead-id') ?? null, c.leadId);
    });
  });

  it('folds lines at 75 octets with CRLF, never inside a UTF-8 sequence', async () => {
    const bytes = await renderExport(hostileRows(), 'vcard');
    assert.ok(bytes);
    const buf = Buffer.from(bytes);
    const text = buf.toString('utf8');
    assert.ok(!text.includes('\uFFFD'));
    assert.ok(text.endsWith('\r\n'));
    assert.ok(!/[^\r]\n/.test(text), 'a bare LF');
    for (const line of text.split('\r\n')) {
      assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `line of ${Buffer.byteLength(line, 'utf8')} octets`);
    }
    const long = foldLine(`FN:${'é'.repeat(100)}`);
    for (const line of long.split('\r\n').filter(Boolean)) {
      assert.ok(Buffer.byteLength(line) <= 75);
      assert.ok(!Buffer.from(line).toString('utf8').includes('\uFFFD'));
    }
    assert.equal(long.replace(/\r\n /g, ''), `FN:${'é'.repeat(100)}\r\n`);
    // Characters beyond the BMP (two UTF-16 units, four octets) stay whole.
    const emoji = foldLine(`FN:x${'😀'.repeat(60)}`);
    const emojiLines = emoji.split('\r\n').filter(Boolean);
    for (const [i, line] of emojiLines.entries()) {
      const octets = Buffer.byteLength(line);
      assert.ok(octets <= 75 && (i === emojiLines.length - 1 || octets >= 72), `line of ${octets} octets`);
      assert.ok(!/[\uD800-\uDFFF]/.test(line.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')), 'a lone surrogate');
    }
    assert.equal(emoji.replace(/\r\n /g, ''), `FN:x${'😀'.repeat(60)}\r\n`);
  });

  it('escapes backslash, comma, semicolon and line breaks in text values', async () => {
    const bytes = await renderExport([{ contact: summary('c1', { displayName: 'A\\B, C; D\nE' }), leadName: 'Lead; Inc, Ltd' }], 'vcard');
    assert.ok(bytes);
    const text = decode(bytes);
    assert.ok(text.includes('FN:A\\\\B\\, C; D\\nE\r\n'), text);
    assert.ok(text.includes('ORG:Lead\\; Inc\\, Ltd\r\n'), text);
  });
});

describe('export: chunks and cancellation', () => {
  const many = (n: number): ExportRow[] => {
    const { contacts } = generateDataset(n, Math.ceil(n / 5), 11);
    return contacts.map((c) => ({ contact: toSummary(c) as ContactSummary, leadName: c.lead_id ? `Lead ${c.lead_id}` : null }));
  };

  it('gives the event loop back between chunks', async () => {
    const rows = many(5000);
    let ticks = 0;
    let running = true;
    const tick = (): void => {
      if (running) {
        ticks++;
        setImmediate(tick);
      }
    };
    setImmediate(tick);
    const progress: number[] = [];
    const bytes = await renderExport(rows, 'csv', { chunkRows: 500, onProgress: (done) => progress.push(done) });
    running = false;
    assert.ok(bytes);
    assert.deepEqual(progress, [500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000]);
    assert.ok(ticks >= progress.length - 1, `other work ran ${ticks} times during ${progress.length} chunks`);
  });

  it('stops when aborted and gives nothing to write', async () => {
    const rows = many(5000);
    const abort = new AbortController();
    const progress: number[] = [];
    const bytes = await renderExport(rows, 'vcard', {
      chunkRows: 500,
      signal: abort.signal,
      onProgress: (done) => {
        progress.push(done);
        if (done >= 1000) abort.abort();
      },
    });
    assert.equal(bytes, undefined);
    assert.deepEqual(progress, [500, 1000]);
  });

  it('writes only the header for no contacts (CSV) and nothing for vCard', async () => {
    const csv = await renderExport([], 'csv');
    assert.ok(csv);
    assert.equal(decode(csv), `\uFEFF${CSV_COLUMNS.join(',')}\r\n`);
    assert.equal((await renderExport([], 'vcard'))?.length, 0);
  });
});

describe('export: rows and file names', () => {
  it('takes leads in tree order, the No lead group last, with lead names', () => {
    const store = new ContactStore();
    store.setLeadNames([['lead_b', 'Beta'], ['lead_a', 'Alpha']]);
    store.upsert([
      summary('c1', { leadId: 'lead_b', displayName: 'Zed' }),
      summary('c2', { leadId: null, displayName: 'Nobody' }),
      summary('c3', { leadId: 'lead_a', displayName: 'Yan' }),
      summary('c4', { leadId: 'lead_b', displayName: 'Ann' }),
    ]);
    const names = (id: string): string | undefined => store.leadName(id);
    assert.deepEqual(rowsOf(store, names).map((r) => [r.contact.id, r.leadName]), [['c3', 'Alpha'], ['c4', 'Beta'], ['c1', 'Beta'], ['c2', null]]);
    assert.deepEqual(rowsOfLead(store, null, names).map((r) => r.contact.id), ['c2']);
    assert.deepEqual(rowsOfLead(store, 'lead_b', names).map((r) => r.contact.id), ['c4', 'c1']);
  });

  it('names the file after the organization or lead, safely', () => {
    assert.equal(exportFileName('Acme Corp', 'csv'), 'close-contacts-acme-corp.csv');
    assert.equal(exportFileName('../../etc/passwd', 'vcard'), 'close-contacts-etc-passwd.vcf');
    assert.equal(exportFileName('Société Générale', 'csv'), 'close-contacts-société-générale.csv');
    assert.equal(exportFileName(undefined, 'csv'), 'close-contacts.csv');
    assert.equal(exportFileName('🙂', 'csv'), 'close-contacts.csv');
    assert.ok(exportFileName('x'.repeat(500), 'csv').length < 90);
    assert.equal(formatOfFileName('/tmp/a.VCF'), 'vcard');
    assert.equal(formatOfFileName('a.csv'), 'csv');
    assert.equal(formatOfFileName('a.txt'), undefined);
  });
});
