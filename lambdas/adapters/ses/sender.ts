/**
 * Sending through SES v2 at the account's rate: sends are spaced to `ratePerSecond` across all
 * concurrent callers, throttling and passing faults are retried with exponential backoff and full
 * jitter, and each failure is sorted into final (the address or message is refused: mark it
 * failed) or retry-later (let a later run try again). The one path every e-mail takes.
 */
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Email, Sender } from '#messages/email';
import { log } from '#adapters/log';
import { pause } from '#adapters/pause';

const finalErrors = new Set(['MessageRejected', 'BadRequestException', 'NotFoundException', 'MailFromDomainNotVerifiedException']);
const retriesWithinRun = 3;

export class SesSender implements Sender {
  private nextSlot = 0;

  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly configurationSet: string | undefined,
    private readonly ratePerSecond: number,
    private readonly sleep: (ms: number) => Promise<void> = pause,
  ) {}

  /** Wait for this send's slot: one every 1/rate seconds, shared by every caller. */
  private async slot(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + 1000 / this.ratePerSecond;
    if (at > now) await this.sleep(at - now);
  }

  private async sendOnce(mail: Email): Promise<{ messageId: string }> {
    const result = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [mail.to] },
        ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
            ...(mail.headers ? { Headers: Object.entries(mail.headers).map(([Name, Value]) => ({ Name, Value })) } : {}),
          },
        },
      }),
    );
    return { messageId: result.MessageId ?? '' };
  }

  async send(mail: Email) {
    for (let attempt = 0; ; attempt++) {
      await this.slot();
      try {
        return await this.sendOnce(mail);
      } catch (error) {
        const name = (error as { name?: string })?.name ?? 'Error';
        const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
        if (finalErrors.has(name)) return { failed: name };
        const throttled = name === 'TooManyRequestsException' || name.includes('Throttl') || status === 429;
        const retryable = throttled || (status ?? 500) >= 500;
        log.warn('send failed', { errorName: name, attempt, retryable });
        if (!retryable || attempt >= retriesWithinRun) return throttled ? { retryLater: name, throttled } : { retryLater: name };
        // Full jitter: a random wait up to 100 ms · 2^attempt.
        await this.sleep(Math.random() * 100 * 2 ** attempt);
      }
    }
  }
}
