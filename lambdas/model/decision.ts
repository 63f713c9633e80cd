/** A head's decision on an application: appoint, reserve or decline, and whose seat an appointment takes. */
import * as z from 'zod/mini';

export const decisionValues = ['appoint', 'reserve', 'decline'] as const;

export type DecisionValue = (typeof decisionValues)[number];

/** `POST /api/applications/{applicationId}/decision` */
export const decisionSchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    decision: z.enum(decisionValues),
    note: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
  }),
);

export type SeatSource = 'unit' | 'pool';

export interface Decision {
  value: DecisionValue;
  /** the head's note to the applicant, sent with the published decision */
  note?: string;
  at: string;
  /** who decided: an e-mail, or `regel` when a reserve was promoted by rule */
  by: string;
  /** for `appoint`: whose seat it takes, the unit's or the programme-wide pool's */
  seat?: SeatSource;
  /** for `reserve`: when the person became a reserve; reserves are promoted in this order */
  reserveSince?: string;
  /** for `reserve`: the unit's count of reserves so far, ordering reserves marked in the same instant */
  reserveRank?: number;
}
