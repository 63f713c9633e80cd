/**
 * zod's ISO date and date-time schemas, imported by name. `z.iso.date()` reaches them through
 * the `iso` namespace, which zod re-exports whole (`export * as iso`), and esbuild then bundled
 * all four ISO schemas and their patterns wherever one was used.
 */
import { ZodMiniISODate, ZodMiniISODateTime } from 'zod/mini';
import { _isoDate, _isoDateTime } from 'zod/v4/core';

/** `z.iso.date()`: `YYYY-MM-DD` */
export const isoDate = () => _isoDate(ZodMiniISODate);

/** `z.iso.datetime({ offset: true })`: a date and time with `Z` or an offset, seconds optional */
export const isoDateTime = () => _isoDateTime(ZodMiniISODateTime, { offset: true });
