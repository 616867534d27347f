import { Decimal, DomainError } from '@roaming/shared-kernel';
import { buildCreditNote, buildInvoice, type InvoiceSourceStatement, invoiceNumber } from './invoice';
import { csvField, INVOICE_CSV_COLUMNS, invoiceToCsv, invoiceToHtml, invoiceToJson } from './invoice-render';

const statement: InvoiceSourceStatement = {
  statementId: 'agr-1+2026-03',
  issuerPartyId: 'DE*CPO',
  recipientPartyId: 'DE-EMP',
  period: { start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' },
  lines: [
    {
      kind: 'RECORD',
      recordId: 'r-1',
      cdrId: 'CDR-1',
      sessionStart: '2026-03-02T10:00:00Z',
      energyWh: '12345',
      currency: 'EUR',
      amountExclVat: '3.70',
      vat: '0.70',
      amountInclVat: '4.40',
    },
    {
      kind: 'RECORD',
      recordId: 'r-2',
      cdrId: 'CDR-2',
      sessionStart: '2026-03-05T18:30:00Z',
      energyWh: '20000',
      currency: 'EUR',
      amountExclVat: '6.00',
      vat: '1.14',
      amountInclVat: '7.14',
      description: 'Session at "Main St, 5", fast',
    },
    {
      kind: 'CREDIT',
      recordId: 'r-3',
      cdrId: 'CDR-1-C',
      reference: 'CDR-1',
      sessionStart: '2026-03-02T10:00:00Z',
      energyWh: '12345',
      currency: 'EUR',
      amountExclVat: '-0.50',
      vat: '-0.10',
      amountInclVat: '-0.60',
    },
    {
      kind: 'RECORD',
      recordId: 'r-4',
      cdrId: 'CDR-4',
      sessionStart: '2026-03-07T09:00:00Z',
      energyWh: '3300',
      currency: 'CHF',
      amountExclVat: '1.49',
      vat: '0.11',
      amountInclVat: '1.60',
    },
  ],
  totals: [
    { currency: 'EUR', amountExclVat: '9.20', vat: '1.74', amountInclVat: '10.94' },
    { currency: 'CHF', amountExclVat: '1.49', vat: '0.11', amountInclVat: '1.60' },
  ],
};

const invoice = () => buildInvoice({ statement, issueDate: '2026-04-02', sequence: 42 });

/** A strict RFC 4180 reader for the round trip: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
    i++;
  }
  if (field !== '' || row.length > 0) throw new Error('the last record does not end in CRLF');
  return rows;
}

describe('invoices and credit notes (issue 6 "Invoices and exports")', () => {
  it('numbers an invoice <issuerParty>-<year>-<6-digit sequence> and refuses a bad date or sequence', () => {
    expect(invoiceNumber('DE*CPO', '2026-04-02', 42)).toBe('DECPO-2026-000042');
    expect(invoiceNumber('de-cpo', '2027-01-01', 999_999)).toBe('DECPO-2027-999999');
    expect(() => invoiceNumber('DE*CPO', '2026-13-01', 1)).toThrow(
      expect.objectContaining({ code: 'INVOICE_ISSUE_DATE_INVALID' }),
    );
    expect(() => invoiceNumber('DE*CPO', '2026-02-30', 1)).toThrow(
      expect.objectContaining({ code: 'INVOICE_ISSUE_DATE_INVALID' }),
    );
    expect(() => invoiceNumber('DE*CPO', '2026-04-02', 0)).toThrow(
      expect.objectContaining({ code: 'INVOICE_SEQUENCE_INVALID' }),
    );
    expect(() => invoiceNumber('DE*CPO', '2026-04-02', 1_000_000)).toThrow(DomainError);
  });

  it('builds the invoice of a closed statement: numbered lines, descriptions, totals per currency from the lines', () => {
    const doc = invoice();
    expect(doc).toMatchObject({
      documentType: 'INVOICE',
      invoiceNumber: 'DECPO-2026-000042',
      issueDate: '2026-04-02',
      issuerPartyId: 'DE*CPO',
      recipientPartyId: 'DE-EMP',
      statementId: 'agr-1+2026-03',
      creditedInvoiceNumber: null,
    });
    expect(doc.lines.map((l) => [l.lineNumber, l.kind, l.description])).toEqual([
      [1, 'RECORD', 'Charging session CDR-1, 12.345 kWh'],
      [2, 'RECORD', 'Session at "Main St, 5", fast'],
      [3, 'CREDIT', 'Credit for CDR-1, 12.345 kWh'],
      [4, 'RECORD', 'Charging session CDR-4, 3.3 kWh'],
    ]);
    expect(doc.totals).toEqual([
      { currency: 'CHF', amountExclVat: '1.49', vat: '0.11', amountInclVat: '1.60' },
      { currency: 'EUR', amountExclVat: '9.20', vat: '1.74', amountInclVat: '10.94' },
    ]);
  });

  it('refuses a statement whose totals are not the sums of its lines, or a line that does not add up', () => {
    const wrongTotal = {
      ...statement,
      totals: [{ ...statement.totals[0], vat: '1.75', amountInclVat: '10.95' }, statement.totals[1]],
    };
    expect(() => buildInvoice({ statement: wrongTotal, issueDate: '2026-04-02', sequence: 1 })).toThrow(
      expect.objectContaining({ code: 'INVOICE_TOTALS_MISMATCH' }),
    );
    const missingCurrency = { ...statement, totals: [statement.totals[0]] };
    expect(() => buildInvoice({ statement: missingCurrency, issueDate: '2026-04-02', sequence: 1 })).toThrow(
      expect.objectContaining({ code: 'INVOICE_TOTALS_MISMATCH' }),
    );
    const extraCurrency = {
      ...statement,
      totals: [...statement.totals, { currency: 'GBP', amountExclVat: '1', vat: '0', amountInclVat: '1' }],
    };
    expect(() => buildInvoice({ statement: extraCurrency, issueDate: '2026-04-02', sequence: 1 })).toThrow(
      expect.objectContaining({ code: 'INVOICE_TOTALS_MISMATCH' }),
    );
    const badLine = { ...statement, lines: [{ ...statement.lines[0], amountInclVat: '4.41' }] };
    expect(() => buildInvoice({ statement: badLine, issueDate: '2026-04-02', sequence: 1 })).toThrow(
      expect.objectContaining({
        code: 'INVOICE_LINE_INVALID',
        details: expect.objectContaining({ rule: 'incl-is-excl-plus-vat' }),
      }),
    );
  });

  it('cancels an invoice exactly with a credit note: negated lines, a reference, and totals that sum to zero', () => {
    const original = invoice();
    const credit = buildCreditNote({ invoice: original, issueDate: '2026-04-10', sequence: 43 });
    expect(credit).toMatchObject({
      documentType: 'CREDIT_NOTE',
      invoiceNumber: 'DECPO-2026-000043',
      creditedInvoiceNumber: 'DECPO-2026-000042',
      statementId: original.statementId,
    });
    expect(credit.lines.map((l) => [l.lineNumber, l.amountExclVat, l.vat, l.amountInclVat])).toEqual([
      [1, '-3.70', '-0.70', '-4.40'],
      [2, '-6.00', '-1.14', '-7.14'],
      [3, '0.50', '0.10', '0.60'],
      [4, '-1.49', '-0.11', '-1.60'],
    ]);
    for (const [index, total] of original.totals.entries()) {
      const negated = credit.totals[index];
      expect(negated.currency).toBe(total.currency);
      for (const k of ['amountExclVat', 'vat', 'amountInclVat'] as const) {
        expect(Decimal.parse(total[k]).add(Decimal.parse(negated[k])).isZero()).toBe(true);
      }
    }
    expect(original.lines).toEqual(invoice().lines); // the invoice itself is untouched
    expect(() => buildCreditNote({ invoice: credit, issueDate: '2026-04-11', sequence: 44 })).toThrow(
      expect.objectContaining({ code: 'INVOICE_NOT_CREDITABLE' }),
    );
  });

  describe('exports', () => {
    it('CSV (RFC 4180): header row, CRLF, a description with a comma and quotes is quoted with quotes doubled', () => {
      const csv = invoiceToCsv(invoice());
      const lines = csv.split('\r\n');
      expect(lines[0]).toBe(INVOICE_CSV_COLUMNS.join(','));
      expect(lines[2]).toBe(
        'DECPO-2026-000042,INVOICE,2026-04-02,DE*CPO,DE-EMP,agr-1+2026-03,,2,RECORD,r-2,CDR-2,2026-03-05T18:30:00Z,20000,' +
          '"Session at ""Main St, 5"", fast",EUR,6.00,1.14,7.14',
      );
      expect(lines).toHaveLength(6); // header, 4 rows, and the empty string after the last CRLF
      const rows = parseCsv(csv);
      expect(rows[2][INVOICE_CSV_COLUMNS.indexOf('description')]).toBe('Session at "Main St, 5", fast');
      expect(rows.slice(1).map((r) => r[INVOICE_CSV_COLUMNS.indexOf('amount_incl_vat')])).toEqual([
        '4.40',
        '7.14',
        '-0.60',
        '1.60',
      ]);
    });

    it('CSV: quotes CR and LF too, and defuses spreadsheet formulas in partner-supplied text', () => {
      expect(csvField('a\nb')).toBe('"a\nb"');
      expect(csvField('plain')).toBe('plain');
      const doc = buildInvoice({
        statement: {
          ...statement,
          lines: [{ ...statement.lines[3], cdrId: '=HYPERLINK("x")' }],
          totals: [statement.totals[1]],
        },
        issueDate: '2026-04-02',
        sequence: 7,
      });
      const row = parseCsv(invoiceToCsv(doc))[1];
      expect(row[INVOICE_CSV_COLUMNS.indexOf('cdr_id')]).toBe('\'=HYPERLINK("x")');
      expect(row[INVOICE_CSV_COLUMNS.indexOf('amount_excl_vat')]).toBe('1.49');
    });

    it('JSON: the document itself, round-tripping', () => {
      const doc = invoice();
      expect(JSON.parse(invoiceToJson(doc))).toEqual(doc);
      expect(invoiceToJson(doc)).toBe(invoiceToJson(invoice()));
    });

    it('HTML: one self-contained page, every value escaped', () => {
      const doc = buildInvoice({
        statement: {
          ...statement,
          lines: [{ ...statement.lines[3], description: '<script>alert("x")</script> & co' }],
          totals: [statement.totals[1]],
        },
        issueDate: '2026-04-02',
        sequence: 8,
      });
      const html = invoiceToHtml(doc);
      expect(html).toMatch(/^<!DOCTYPE html>/);
      expect(html).toContain('<title>Invoice DECPO-2026-000008</title>');
      expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; co');
      expect(html).not.toContain('<script');
      expect(html).not.toMatch(/(src|href)=/);
      const credit = invoiceToHtml(buildCreditNote({ invoice: doc, issueDate: '2026-04-03', sequence: 9 }));
      expect(credit).toContain('Credit note DECPO-2026-000009');
      expect(credit).toContain('<dt>Cancels invoice</dt><dd>DECPO-2026-000008</dd>');
      expect(credit).toContain('<td class="n">-1.60</td>');
    });
  });
});
