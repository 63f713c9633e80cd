/**
 * AWS SDK clients, created once per container (module scope), outside any handler.
 * Locally the platform points them at DynamoDB Local and the local SES endpoint.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { config } from '#adapters/config';

let documentClient: DynamoDBDocumentClient | undefined;
let sesClient: SESv2Client | undefined;

export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: config.region, ...(config.dynamoDbEndpoint ? { endpoint: config.dynamoDbEndpoint } : {}) }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return documentClient;
}

/** One attempt per call: SesSender owns the retries, their backoff and the account's rate. */
export function ses(): SESv2Client {
  sesClient ??= new SESv2Client({
    region: config.region,
    maxAttempts: 1,
    ...(config.sesEndpoint ? { endpoint: config.sesEndpoint } : {}),
  });
  return sesClient;
}
