/** Query-string schemas shared by listing routes. */
import * as z from 'zod/mini';

/** `?limit=1..100&cursor=…` */
export const pageQuery = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    cursor: z.optional(z.string().check(z.maxLength(2000))),
    limit: z._default(
      z.pipe(z.string().check(z.regex(/^\d{1,3}$/, 'Ange ett heltal 1–100.')), z.transform((value: string) => Number(value))).check(
        z.gte(1),
        z.lte(100),
      ),
      50,
    ),
  }),
);
