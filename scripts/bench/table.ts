/** The benchmarks' one table: section, what, ours, baseline, ratio, whether the target holds. */
import { cpus, totalmem } from 'node:os';

export type Row = [section: string, what: string, ours: string, baseline: string, ratio: string, target: string];

export const fixed = (value: number, digits = 1) => value.toFixed(digits);

/** `undefined`: the measurement cannot tell (a cold start's range holds the target). */
export const verdict = (holds: boolean | undefined, target: string) => `${holds === undefined ? 'oklart' : holds ? 'ja' : 'NEJ'} (${target})`;

/** The table, under a line naming the command, the day and the machine. */
export function printTable(command: string, startedAt: number, rows: Row[]): void {
  const header: Row = ['Del', 'Vad', 'Vi', 'Baslinje', 'Kvot', 'Mål håller'];
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const line = (row: Row) => row.map((cell, column) => (column >= 2 && column <= 4 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ');
  console.log(`\nsatsning: ${command}, ${new Date(startedAt).toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} kärnor (${cpus()[0]?.model.trim() ?? 'okänd processor'}), ${fixed(totalmem() / 2 ** 30, 0)} GiB\n`);
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}
