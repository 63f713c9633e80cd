/**
 * `npm run schemas`: the request bodies' JSON Schemas, written to docs/api/ from the zod schemas
 * that validate them (z.toJSONSchema), so the documentation cannot drift from the code.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { applicationChangeSchema, applySchema, linkRequestSchema } from '#model/application';
import { programmeSchema, programmeUpdateSchema } from '#model/programme';
import { unitImportSchema } from '#model/unitImport';
import { decisionSchema } from '#model/decision';
import { registrationSchema } from '#model/participant';
import { groupSchema, groupUpdateSchema, phaseNoteSchema } from '#model/group';
import { progressSchema } from '#model/progress';
import { tokenSchema, watchSchema } from '#model/watcher';
import { messageDraftSchema, messageSchema } from '#model/programmeMessage';

export const documentedSchemas: Record<string, { title: string; schema: z.ZodMiniType }> = {
  'programme.create': { title: 'POST /api/programmes', schema: programmeSchema },
  'programme.update': { title: 'PUT /api/programmes/{programmeId}', schema: programmeUpdateSchema },
  'units.import': { title: 'POST /api/programmes/{programmeId}/units/import', schema: unitImportSchema },
  'application.create': { title: 'POST /api/programmes/{programmeId}/applications', schema: applySchema },
  'application.change': { title: 'PATCH /api/applications/{applicationId}', schema: applicationChangeSchema },
  'application.link': { title: 'POST /api/programmes/{programmeId}/applications/link', schema: linkRequestSchema },
  'application.decision': { title: 'POST /api/applications/{applicationId}/decision', schema: decisionSchema },
  'participant.register': { title: 'POST /api/programmes/{programmeId}/participants', schema: registrationSchema },
  'milestone.progress': {
    title: 'PUT /api/participants/{participantId}/milestones/{milestoneId}, PUT /api/applications/{applicationId}/milestones/{milestoneId}',
    schema: progressSchema,
  },
  'group.create': { title: 'POST /api/programmes/{programmeId}/groups', schema: groupSchema },
  'group.update': { title: 'PUT /api/programmes/{programmeId}/groups/{groupId}', schema: groupUpdateSchema },
  'group.phase': { title: 'PUT /api/programmes/{programmeId}/groups/{groupId}/cycles/{cycle}/phases/{phase}', schema: phaseNoteSchema },
  'watcher.create': { title: 'POST /api/programmes/{programmeId}/watchers', schema: watchSchema },
  'watcher.token': { title: 'POST /api/watchers/confirm, POST /api/watchers/unsubscribe', schema: tokenSchema },
  'message.preview': { title: 'POST /api/programmes/{programmeId}/messages/preview', schema: messageDraftSchema },
  'message.queue': { title: 'POST /api/programmes/{programmeId}/messages', schema: messageSchema },
};

export function renderSchema(name: string): string {
  const { title, schema } = documentedSchemas[name]!;
  return `${JSON.stringify({ title, ...z.toJSONSchema(schema, { io: 'input' }) }, null, 2)}\n`;
}

export const schemaDirectory = join(import.meta.dirname, '..', 'docs', 'api');

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  mkdirSync(schemaDirectory, { recursive: true });
  for (const name of Object.keys(documentedSchemas)) {
    writeFileSync(join(schemaDirectory, `${name}.schema.json`), renderSchema(name));
  }
  console.log(`Wrote ${Object.keys(documentedSchemas).length} schemas to docs/api/`);
}
