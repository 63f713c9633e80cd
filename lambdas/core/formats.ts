/**
 * Schema parts shared by the domain's forms: zod's ISO formats imported by name, and one instance
 * per repeated field. `z.iso.date()` reaches the ISO schemas through the `iso` namespace, which
 * zod re-exports whole (`export * as iso`), and esbuild then bundled all four ISO schemas and
 * their patterns wherever one was used.
 */
import { ZodMiniISODate, ZodMiniISODateTime } from 'zod/mini';
import { _isoDate, _isoDateTime } from 'zod/v4/core';

/**
 * A schema factory that builds each distinct schema once per container. zod schemas are
 * immutable, so one instance may sit in many places of a form, and each instance costs its
 * construction on a cold start's first event (a text field is five: the string, its copy with the
 * checks, and three checks). The programme form repeats such fields: 70 instances, not 104.
 */
export function reused<Args extends [] | [size: number], Schema>(build: (...args: Args) => Schema): (...args: Args) => Schema {
  const built = new Map<number | undefined, Schema>();
  return (...args) => {
    let schema = built.get(args[0]);
    if (schema === undefined) built.set(args[0], (schema = build(...args)));
    return schema;
  };
}

/** `z.iso.date()`: `YYYY-MM-DD` */
export const isoDate = /* @__PURE__ */ reused(() => _isoDate(ZodMiniISODate));

/** `z.iso.datetime({ offset: true })`: a date and time with `Z` or an offset, seconds optional */
export const isoDateTime = /* @__PURE__ */ reused(() => _isoDateTime(ZodMiniISODateTime, { offset: true }));
