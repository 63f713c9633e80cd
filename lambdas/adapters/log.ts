/**
 * Structured JSON logs (CloudWatch Logs Insights reads the fields). Callers pass ids and codes,
 * never names or e-mail addresses: what is logged is kept for the log group's retention.
 */
type Fields = Record<string, string | number | boolean | undefined | null>;

function write(level: 'debug' | 'info' | 'warn' | 'error', message: string, fields: Fields = {}): void {
  if (process.env.SATSNING_LOG_LEVEL === 'silent') return;
  if (level === 'debug' && process.env.SATSNING_LOG_LEVEL !== 'debug') return;
  const line = JSON.stringify({ level, message, ...fields, time: new Date().toISOString() });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

export const log = {
  debug: (message: string, fields?: Fields) => write('debug', message, fields),
  info: (message: string, fields?: Fields) => write('info', message, fields),
  warn: (message: string, fields?: Fields) => write('warn', message, fields),
  error: (message: string, fields?: Fields) => write('error', message, fields),
};
