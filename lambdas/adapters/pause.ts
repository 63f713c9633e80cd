/** A pause, for a retry's backoff or a rate's next slot; injected where a test must not wait. */
export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
