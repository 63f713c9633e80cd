/** A municipality's list of units as CSV (Excel's Swedish export): read row by row, each row's problems named. */
import * as z from 'zod/mini';
import { parseCsv } from '#core/csv';
import { type Unit, unitSchema } from '#model/programme';
import { csvColumnMissing, csvEmpty, csvUnitRepeated } from '#text/sv';

/** The columns a municipality's unit list has, by any of the names it may give them. */
const columns = {
  id: ['id', 'enhets-id', 'enhetsid'],
  name: ['enhet', 'enhetens namn', 'namn på enhet', 'unit', 'name', 'skola', 'förskola'],
  kind: ['typ', 'skolform', 'kind'],
  headName: ['rektor', 'förskolechef', 'chef', 'rektor/förskolechef', 'head', 'head name'],
  headEmail: ['e-post', 'epost', 'e-postadress', 'email', 'head email', 'rektors e-post'],
  seats: ['platser', 'antal platser', 'seats'],
} as const;

export interface ImportRow {
  line: number;
  unit?: Unit;
  errors: Record<string, string>;
}

export interface UnitImport {
  rows: ImportRow[];
  valid: boolean;
}

/** Read a unit list; every row's errors are reported, nothing is written here. */
export function readUnitCsv(text: string): UnitImport {
  const [header, ...body] = parseCsv(text);
  if (!header) return { rows: [{ line: 1, errors: { csv: csvEmpty } }], valid: false };
  const position = Object.fromEntries(
    Object.entries(columns).map(([field, names]) => [
      field,
      header.findIndex((cell) => (names as readonly string[]).includes(cell.trim().toLowerCase())),
    ]),
  ) as Record<keyof typeof columns, number>;
  const missing = (['name', 'kind', 'headName', 'headEmail', 'seats'] as const).filter((field) => position[field] < 0);
  if (missing.length > 0) {
    return {
      rows: [
        {
          line: 1,
          errors: Object.fromEntries(
            missing.map((field) => [field, csvColumnMissing(columns[field])]),
          ),
        },
      ],
      valid: false,
    };
  }
  const cell = (cells: string[], field: keyof typeof columns) => (position[field] >= 0 ? (cells[position[field]] ?? '').trim() : '');
  const seen = new Set<string>();
  const rows = body.map((cells, index): ImportRow => {
    const name = cell(cells, 'name');
    const kindText = cell(cells, 'kind').toLowerCase();
    const candidate = {
      id: cell(cells, 'id') || slugify(name),
      name,
      kind: kindText === 'skola' || kindText === 'grundskola' ? 'skola' : kindText === 'förskola' ? 'förskola' : kindText,
      seats: /^\d+$/.test(cell(cells, 'seats')) ? Number(cell(cells, 'seats')) : cell(cells, 'seats'),
      head: { name: cell(cells, 'headName'), email: cell(cells, 'headEmail') },
    };
    const parsed = unitSchema.safeParse(candidate);
    const errors: Record<string, string> = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.join('.').replace(/^head\.name$/, 'headName').replace(/^head\.email$/, 'headEmail');
        errors[field] ??= issue.message;
      }
    } else if (seen.has(parsed.data.id)) {
      errors.name = csvUnitRepeated;
    }
    if (parsed.success) seen.add(parsed.data.id);
    return { line: index + 2, ...(parsed.success ? { unit: parsed.data } : {}), errors };
  });
  return { rows, valid: rows.length > 0 && rows.every((row) => Object.keys(row.errors).length === 0) };
}

export const unitImportSchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    csv: z.string().check(z.minLength(1), z.maxLength(60_000)),
    dryRun: z._default(z.boolean(), false),
  }),
);

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[åä]/g, 'a')
    .replace(/ö/g, 'o')
    .replace(/é/g, 'e')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

/** No programme runs this long after its window closed: the listing reads no further back. */
export const longestRun = 4 * 366 * 24 * 3_600_000;
