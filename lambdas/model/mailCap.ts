/**
 * Unsolicited mail: what a stranger can make the system send to an address they type (a watch
 * confirmation, a fresh private link, and anything like them later). It is capped per address,
 * in the database, since the functions' instances share no memory. Mail that people asked for,
 * or that the administration sends, is never counted: decisions, reminders to confirmed
 * watchers, messages from administrators.
 */

export interface MailCapSettings {
  /** at most one unsolicited mail per address and programme in this many minutes */
  perProgrammeMinutes: number;
  /** at most this many unsolicited mails per address and Stockholm calendar day, across the system */
  perDay: number;
}

export const defaultMailCaps: MailCapSettings = { perProgrammeMinutes: 10, perDay: 5 };

export interface UnsolicitedMailCap {
  /**
   * Take a place for one mail to the address (by its hash) about the programme: false, with
   * nothing counted, when either cap is reached. Two requests at once take one place each or none.
   */
  take(emailHash: string, programmeId: string, now: Date): Promise<boolean>;
  /**
   * A first application's receipt: it counts towards the programme's interval (so that applying
   * again at once mails nothing more), but never towards the daily cap and is never refused, or
   * an attacker could spend a teacher's quota and so suppress the mail that carries her link. A
   * first application happens once per address and programme, so the receipt is bounded anyway.
   */
  recordReceipt(emailHash: string, programmeId: string, now: Date): Promise<void>;
}
