/**
 * AWS SDK clients, created once per container (module scope), outside any handler.
 * Locally the platform points them at DynamoDB Local and the local SES endpoint.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { config } from '#adapters/config';

/**
 * The SDK's default logger is a no-op, yet its logger middleware calls `logger?.info?.({ input,
 * output })` with both filtered for sensitive fields first: a walk over every item of every call,
 * the largest part of a warm handler's CPU in the profile (docs/performance.md). A logger without
 * `info` skips the walk, as the optional call skips its arguments. Like the default, it logs
 * nothing: inputs and outputs hold personal data.
 */
type SdkLogger = NonNullable<DynamoDBClientConfig['logger']>;
const sdkLogger = { debug() {}, warn() {}, error() {} } as Partial<SdkLogger> as SdkLogger;

let documentClient: DynamoDBDocumentClient | undefined;
let sesClient: SESv2Client | undefined;

export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: config.region, logger: sdkLogger, ...(config.dynamoDbEndpoint ? { endpoint: config.dynamoDbEndpoint } : {}) }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return documentClient;
}

/**
 * One attempt per call: SesSender owns the retries, their backoff and the account's rate. (Lifting
 * a suppression is one call an administrator makes, and tries again if SES refuses.)
 */
export function ses(): SESv2Client {
  sesClient ??= new SESv2Client({
    region: config.region,
    maxAttempts: 1,
    logger: sdkLogger,
    ...(config.sesEndpoint ? { endpoint: config.sesEndpoint } : {}),
  });
  return sesClient;
}
