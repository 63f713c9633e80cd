import { programmeListing } from '#wiring/stores';
import { config } from '#adapters/config';
import { groupHandler, httpRoute, type Operations } from '#http/chain';
import { programmeRoutes } from '#routes';
import { programmeCalendar } from '#model/calendar';
import { sitePaths } from '#site';
import { getProgramme, getPublicProgramme, listProgrammes } from '#usecases/programmes/programmes';

// The public pages only read: no writes, no mail.
const deps = { programmes: programmeListing() };

export const operations = {
  listProgrammes: httpRoute({}, async ({ now }) => ({
    statusCode: 200,
    body: { items: await listProgrammes(deps, now) },
  })),

  getProgramme: httpRoute({}, async ({ params, now }) => ({
    statusCode: 200,
    body: await getPublicProgramme(deps, params.programmeId, now),
  })),

  calendar: httpRoute({}, async ({ params }) => {
    const programme = await getProgramme(deps, params.programmeId);
    return {
      statusCode: 200,
      raw: { contentType: 'text/calendar; charset=utf-8', text: programmeCalendar(programme, `${config.siteUrl}${sitePaths.programme(programme.id)}`) },
      headers: { 'content-disposition': `inline; filename="${programme.id}.ics"`, 'cache-control': 'public, max-age=300' },
    };
  }),
} satisfies Operations<typeof programmeRoutes>;

export const handler = groupHandler(programmeRoutes, operations);
