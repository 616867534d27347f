import type { InvoiceDocument, InvoiceLine } from './invoice';

/** The document as JSON, fields in a fixed order (the document's own), 2-space indented, ending in a newline. */
export function invoiceToJson(invoice: InvoiceDocument): string {
  return `${JSON.stringify(invoice, null, 2)}\n`;
}

export const INVOICE_CSV_COLUMNS = [
  'invoice_number',
  'document_type',
  'issue_date',
  'issuer_party_id',
  'recipient_party_id',
  'statement_id',
  'credited_invoice_number',
  'line_number',
  'kind',
  'record_id',
  'cdr_id',
  'session_start',
  'energy_wh',
  'description',
  'currency',
  'amount_excl_vat',
  'vat',
  'amount_incl_vat',
] as const;

/**
 * The document as CSV (RFC 4180): a header row, then one row per line repeating the document's fields, so each row
 * stands alone in a spreadsheet or a bank import; CRLF line ends; a field holding a comma, a double quote, CR or LF
 * is enclosed in double quotes with its quotes doubled. Amounts are the documents' decimal strings (a point, no
 * thousands separators, negative with '-'). Totals are not rows: they are the sums of the rows per currency.
 * Text a partner supplied (ids, descriptions) that begins with =, +, -, @, tab or CR is prefixed with an apostrophe,
 * so a spreadsheet never runs it as a formula (CSV injection); amounts are left as they are.
 */
export function invoiceToCsv(invoice: InvoiceDocument): string {
  const rows = invoice.lines.map((line) => csvRow(invoice, line));
  return [INVOICE_CSV_COLUMNS.join(','), ...rows].map((r) => `${r}\r\n`).join('');
}

function csvRow(invoice: InvoiceDocument, line: InvoiceLine): string {
  const text = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
  return [
    text(invoice.invoiceNumber),
    invoice.documentType,
    invoice.issueDate,
    text(invoice.issuerPartyId),
    text(invoice.recipientPartyId),
    text(invoice.statementId),
    text(invoice.creditedInvoiceNumber ?? ''),
    String(line.lineNumber),
    line.kind,
    text(line.recordId),
    text(line.cdrId),
    text(line.sessionStart),
    line.energyWh,
    text(line.description),
    line.currency,
    line.amountExclVat,
    line.vat,
    line.amountInclVat,
  ]
    .map(csvField)
    .join(',');
}

/** One RFC 4180 field: quoted when it holds a comma, a double quote, CR or LF; inner quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Text for HTML: & < > " ' escaped, so nothing a partner supplied becomes markup. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The document as one self-contained HTML page for people (print it to PDF from a browser): no script, no external
 * resource, styles inline; every value from the document escaped.
 */
export function invoiceToHtml(invoice: InvoiceDocument): string {
  const e = escapeHtml;
  const title = `${invoice.documentType === 'INVOICE' ? 'Invoice' : 'Credit note'} ${invoice.invoiceNumber}`;
  const rows = invoice.lines
    .map(
      (l) =>
        `<tr><td>${l.lineNumber}</td><td>${e(l.kind)}</td><td>${e(l.description)}</td><td>${e(l.cdrId)}</td>` +
        `<td>${e(l.sessionStart)}</td><td class="n">${e(l.energyWh)}</td><td>${e(l.currency)}</td>` +
        `<td class="n">${e(l.amountExclVat)}</td><td class="n">${e(l.vat)}</td><td class="n">${e(l.amountInclVat)}</td></tr>`,
    )
    .join('\n');
  const totals = invoice.totals
    .map(
      (t) =>
        `<tr><th colspan="6">Total ${e(t.currency)}</th><td>${e(t.currency)}</td><td class="n">${e(t.amountExclVat)}</td>` +
        `<td class="n">${e(t.vat)}</td><td class="n">${e(t.amountInclVat)}</td></tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${e(title)}</title>
<style>
body { font-family: sans-serif; margin: 2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 0.3em 0.5em; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
</style>
</head>
<body>
<h1>${e(title)}</h1>
<dl>
<dt>Issue date</dt><dd>${e(invoice.issueDate)}</dd>
<dt>Issuer</dt><dd>${e(invoice.issuerPartyId)}</dd>
<dt>Recipient</dt><dd>${e(invoice.recipientPartyId)}</dd>
<dt>Statement</dt><dd>${e(invoice.statementId)}</dd>
<dt>Period</dt><dd>${e(invoice.period.start)} – ${e(invoice.period.end)}</dd>
${invoice.creditedInvoiceNumber ? `<dt>Cancels invoice</dt><dd>${e(invoice.creditedInvoiceNumber)}</dd>\n` : ''}</dl>
<table>
<thead><tr><th>#</th><th>Kind</th><th>Description</th><th>CDR</th><th>Session start</th><th>Energy (Wh)</th><th>Currency</th><th>Excl. VAT</th><th>VAT</th><th>Incl. VAT</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot>
${totals}
</tfoot>
</table>
</body>
</html>
`;
}
