/** Writes made on a condition, tried again when another writer came first. */
import { DomainError, type DomainErrorCode } from '#core/errors';

/**
 * Run `run` again, after a short random pause, while it fails with `code`: up to 12 times. For
 * writes made on a condition, which read afresh on each attempt.
 */
export async function retryOn<T>(code: DomainErrorCode, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== code || attempt >= 12) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}
