/**
 * Structured JSON logs (CloudWatch Logs Insights reads the fields). Callers pass ids and codes,
 * never names or e-mail addresses: what is logged is kept for the log group's retention.
 *
 * Each entry is one JSON line written to the output directly, as Lambda's JSON log format expects
 * of a function that writes its own JSON, so Lambda does not wrap it again. The level is the
 * one the stack sets (`AWS_LAMBDA_LOG_LEVEL`, from the `logLevel` context setting), or
 * `SATSNING_LOG_LEVEL` (`silent` in tests and benchmarks).
 */
type Fields = Record<string, string | number | boolean | undefined | null>;

const levels = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof levels)[number];

function threshold(): number | undefined {
  const configured = (process.env.SATSNING_LOG_LEVEL ?? process.env.AWS_LAMBDA_LOG_LEVEL ?? 'info').toLowerCase();
  if (configured === 'silent') return undefined;
  // Lambda's TRACE is below our debug, and its FATAL above our error.
  const index = levels.indexOf((configured === 'trace' ? 'debug' : configured === 'fatal' ? 'error' : configured) as Level);
  return index === -1 ? 1 : index;
}

function write(level: Level, message: string, fields: Fields = {}): void {
  const least = threshold();
  if (least === undefined || levels.indexOf(level) < least) return;
  const line = `${JSON.stringify({ level: level.toUpperCase(), message, ...fields, timestamp: new Date().toISOString() })}\n`;
  if (level === 'error' || level === 'warn') process.stderr.write(line);
  else process.stdout.write(line);
}

export const log = {
  debug: (message: string, fields?: Fields) => write('debug', message, fields),
  info: (message: string, fields?: Fields) => write('info', message, fields),
  warn: (message: string, fields?: Fields) => write('warn', message, fields),
  error: (message: string, fields?: Fields) => write('error', message, fields),
};
