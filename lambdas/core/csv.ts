/**
 * CSV as a municipality's spreadsheet saves it: `;` or `,` separated (whichever the header uses),
 * quoted fields with "" escapes, CRLF or LF, an optional UTF-8 byte-order mark.
 */
export function parseCsv(text: string): string[][] {
  const source = text.replace(/^\uFEFF/, '');
  const firstLine = source.split(/\r?\n/, 1)[0] ?? '';
  const separator = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
    } else if (char === separator) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((cell) => cell.trim() !== ''));
}

/** The byte-order mark that makes Excel read a CSV file as UTF-8. */
export const byteOrderMark = '\uFEFF';

/**
 * One line for Excel in Swedish locale: `;`, quotes where needed, CRLF. A cell that Excel would
 * take for a formula (= + - @ first, as anyone can type in a public form) gets a leading `'`.
 */
export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return (
    cells
      .map((cell) => {
        let text = cell === null || cell === undefined ? '' : String(cell);
        if (typeof cell === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
        return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(';') + '\r\n'
  );
}
