/**
 * The domain's ports: what the use cases need from the outside world, implemented by adapters
 * (DynamoDB, SES). Time is passed in as `now`, never read inside the domain.
 */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** extra headers, e.g. List-Unsubscribe */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

export interface IdSource {
  /** a new id for an application or a learning group: random, URL-safe */
  newId(): string;
  /** a private-link secret: at least 128 bits of randomness, URL-safe */
  secret(): string;
}
