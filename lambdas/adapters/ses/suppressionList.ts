/** SES's suppression list for the account: where SES itself records bounces and complaints. */
import { DeleteSuppressedDestinationCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { SenderSuppressionList } from '#model/suppression';

export class SesSuppressionList implements SenderSuppressionList {
  constructor(private readonly client: SESv2Client) {}

  async remove(email: string) {
    try {
      await this.client.send(new DeleteSuppressedDestinationCommand({ EmailAddress: email }));
    } catch (error) {
      // Not on SES's list (it never bounced there, or someone removed it in the console): done.
      if ((error as { name?: string }).name !== 'NotFoundException') throw error;
    }
  }
}
