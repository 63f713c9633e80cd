/** The adapters the use cases run with, built once per container. */
import { dynamo, ses } from '#adapters/clients';
import { config } from '#adapters/config';
import { DynamoDecisionStore } from '#adapters/decisionStore';
import { randomIds } from '#adapters/ids';
import { SesMailer } from '#adapters/mailer';
import { DynamoApplicationStore, DynamoProgrammeStore } from '#adapters/store';
import type { ApplicationDeps } from '#domain/application';

export function applicationDependencies(): ApplicationDeps {
  return {
    programmes: new DynamoProgrammeStore(dynamo(), config.tableName),
    applications: new DynamoApplicationStore(dynamo(), config.tableName),
    decisions: new DynamoDecisionStore(dynamo(), config.tableName),
    mailer: new SesMailer(ses(), config.mailFrom, config.sesConfigurationSet),
    ids: randomIds,
    siteUrl: config.siteUrl,
  };
}
