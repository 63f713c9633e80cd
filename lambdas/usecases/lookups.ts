/** What most use cases start with: the programme, or 404; an application behind its private link, or 404. */
import { applicationNotFound, programmeNotFound } from '#core/errors';
import { type ApplicationLookup, secretMatches } from '#model/application';
import type { Programme, ProgrammeReader } from '#model/programme';

export async function programmeOf(deps: { programmes: ProgrammeReader }, programmeId: string): Promise<Programme> {
  const programme = await deps.programmes.get(programmeId);
  if (!programme) throw programmeNotFound();
  return programme;
}

/** The application, if the secret is right; a wrong secret looks exactly like an unknown id. */
export async function authorised(deps: { applications: ApplicationLookup }, applicationId: string, secret: string | undefined) {
  const application = await deps.applications.get(applicationId);
  if (!application || !secretMatches(application, secret)) throw applicationNotFound();
  return application;
}
