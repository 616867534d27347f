import type { TransactionView } from './transactions.repository';

const COLUMNS: readonly (keyof TransactionView)[] = [
  'occurredAt',
  'kind',
  'reference',
  'status',
  'role',
  'cpoPartyId',
  'emspPartyId',
  'evseId',
  'energyWh',
  'amount',
  'currency',
  'detail',
];

export const TRANSACTIONS_CSV_HEADER = `${COLUMNS.join(',')}\r\n`;

/**
 * One CSV line (RFC 4180: quoted when needed, CRLF). A cell that a spreadsheet would run as a formula
 * (=, +, -, @ first) is prefixed with an apostrophe: partners choose their ids and CDR ids.
 */
export function transactionCsvLine(t: TransactionView): string {
  return `${COLUMNS.map((column) => csvCell(t[column])).join(',')}\r\n`;
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
