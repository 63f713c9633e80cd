/**
 * `npm run restore-drill`: docs/restore.md's steps against DynamoDB Local (scripts/restore/drill.ts):
 * export every item, import into a fresh table, run the platform on it, check the data's
 * invariants and the pages' answers. Prints the counts and the time each step took; exits 1 if
 * anything differs or is broken.
 */
import { runRestoreDrill } from './restore/drill.ts';

/** Columns, the first left-aligned, the rest right-aligned. */
function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

process.env.SATSNING_LOG_LEVEL ??= 'silent';
const started = performance.now();
const report = await runRestoreDrill();
console.log('\nÅterställningsövning (DynamoDB Local)\n');
printTable(
  ['Slag av post', 'Original', 'Återställd'],
  report.counts.map((row) => [row.entity, String(row.original), String(row.restored)]),
);
console.log(`\nExporterade ${report.exported} poster, importerade ${report.imported}.\n`);
printTable(['Steg', 'Tid'], [...report.timings.map((row) => [row.step, `${row.ms} ms`]), ['totalt', `${Math.round(performance.now() - started)} ms`]]);
const unequal = report.counts.filter((row) => row.original !== row.restored);
for (const row of unequal) console.log(`OLIKA: ${row.entity}: ${row.original} i originalet, ${row.restored} återställda`);
for (const line of report.broken) console.log(`BRUTEN REGEL: ${line}`);
for (const line of report.differences) console.log(`OLIKA SVAR: ${line}`);
const ok = unequal.length === 0 && report.exported === report.imported && report.broken.length === 0 && report.differences.length === 0;
console.log(ok ? '\nLika antal, inga brutna regler, samma svar.' : '\nÅterställningen är inte hel (se ovan).');
process.exit(ok ? 0 : 1);
