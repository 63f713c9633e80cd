/**
 * `npm run restore-drill`: the demo's data exported, imported into a fresh table and served from it
 * comes back whole; and the drill's checks catch a restore that lost something.
 */
import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '#local/dynamodb';
import { freePort } from '#local/platform';
import { runRestoreDrill } from '../../scripts/restore/drill.ts';

describe('the restore drill', () => {
  // One DynamoDB Local for both drills: the functions read their endpoint once per process.
  let dynamoDb: DynamoDbLocal;
  beforeAll(async () => {
    dynamoDb = await startDynamoDbLocal({ port: await freePort() });
  }, 60_000);
  afterAll(async () => {
    await dynamoDb?.stop();
  });

  it('restores every item, breaks no invariant, and the restored platform answers as the original did', async () => {
    // Act
    const report = await runRestoreDrill({ dynamoDbEndpoint: dynamoDb.endpoint });

    // Assess
    expect(report.exported).toBeGreaterThan(200);
    expect(report.imported).toBe(report.exported);
    expect(report.counts.map((row) => row.entity)).toEqual(expect.arrayContaining(['Application', 'ApplicantEmail', 'SeatCounter', 'Notification', 'Participant', 'ProgrammeMessage']));
    for (const row of report.counts) expect(row.restored, row.entity).toBe(row.original);
    expect(report.broken).toEqual([]);
    expect(report.differences).toEqual([]);
    expect(report.timings.map((row) => row.step)).toContain('export');
  }, 120_000);

  it('reports a restore that lost an e-mail guard and a scheduled mail', async () => {
    // Act: the restored table loses two items before the checks
    const report = await runRestoreDrill({
      dynamoDbEndpoint: dynamoDb.endpoint,
      async afterImport(client, table) {
        const { ScanCommand } = await import('@aws-sdk/client-dynamodb');
        const { Items = [] } = await client.send(new ScanCommand({ TableName: table }));
        const first = (entity: string) => Items.find((item) => item.entity?.S === entity)!;
        for (const item of [first('ApplicantEmail'), first('Notification')]) {
          await client.send(new DeleteItemCommand({ TableName: table, Key: marshall({ pk: item.pk!.S, sk: item.sk!.S }) }));
        }
      },
    });

    // Assess
    expect(report.counts.find((row) => row.entity === 'ApplicantEmail')!.restored).toBe(report.counts.find((row) => row.entity === 'ApplicantEmail')!.original - 1);
    expect(report.broken.some((line) => /^ansökan .+ saknar sin e-postspärr$/.test(line))).toBe(true);
    expect(report.broken.some((line) => / saknar utskicket /.test(line))).toBe(true);
  }, 120_000);
});
