/**
 * The dashboard as a CSV file for Excel: UTF-8 with a byte-order mark (without it Excel reads
 * Swedish letters as Latin-1), CRLF line ends, and the separators Excel expects in the
 * person's language (Swedish Excel splits on `;` because `,` is its decimal sign).
 */
export type Cell = string | number | null;

export interface CsvDialect {
  separator: ',' | ';';
  decimal: '.' | ',';
}

export const BOM = '\uFEFF';

export function csvDialect(language: string): CsvDialect {
  return language === 'en' ? { separator: ',', decimal: '.' } : { separator: ';', decimal: ',' };
}

function cell(value: Cell, dialect: CsvDialect): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value).replace('.', dialect.decimal) : value;
  // Quote what would split a cell or a row, and anything a spreadsheet would run as a formula.
  const guarded = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  const quote = guarded.includes(dialect.separator) || /["\r\n]/.test(guarded);
  return quote ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** Rows to a CSV document (BOM first); an empty row is a blank line between sections. */
export function toCsv(rows: Cell[][], dialect: CsvDialect): string {
  return (
    BOM + rows.map((row) => row.map((value) => cell(value, dialect)).join(dialect.separator)).join('\r\n') + '\r\n'
  );
}
