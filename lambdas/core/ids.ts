/** Where ids and secrets come from: injected, so that the rules never draw randomness themselves. */

export interface IdSource {
  /** a new id for an application or a learning group: random, URL-safe */
  newId(): string;
  /** a private-link secret: at least 128 bits of randomness, URL-safe */
  secret(): string;
}
