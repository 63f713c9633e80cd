/** Query-string schemas shared by listing routes. */
import * as z from 'zod/mini';
import { pagingFields } from '#core/cursor';

/** `?limit=1..100&cursor=…` */
export const pageQuery = /* @__PURE__ */ z.lazy(() => z.strictObject(pagingFields(100, 50)));
