import { exportDependencies } from '#wiring/stores';
import { groupHandler, httpRoute, type Operations, type OperationFactory } from '#http/chain';
import { exportRoutes } from '#routes';
import { exportQuery, type ExportKind } from '#model/exports';
import { exportCsv } from '#usecases/exports/export';

const deps = exportDependencies();

/** One part of a CSV export; the next part's address in `Link` (RFC 8288) when there is more. */
function csvExport(kind: ExportKind): OperationFactory<{ programmeId: string }> {
  return httpRoute({ query: exportQuery }, async ({ actor, params, query, now }) => {
    const part = await exportCsv(deps, actor!, kind, params.programmeId, query, now);
    const next = new URLSearchParams({ ...(query.unitId ? { unitId: query.unitId } : {}), limit: String(query.limit) });
    if (part.cursor) next.set('cursor', part.cursor);
    const path = `/api/programmes/${encodeURIComponent(params.programmeId)}/exports/${kind}.csv`;
    return {
      statusCode: 200,
      raw: { contentType: 'text/csv; charset=utf-8', text: part.text },
      headers: {
        'content-disposition': `attachment; filename="${part.filename}"`,
        'x-row-count': String(part.rows),
        ...(part.cursor ? { link: `<${path}?${next}>; rel="next"`, 'x-next-cursor': part.cursor } : {}),
      },
    };
  });
}

export const operations = {
  applications: csvExport('applications'),
  participants: csvExport('participants'),
  progress: csvExport('progress'),
} satisfies Operations<typeof exportRoutes>;

export const handler = groupHandler(exportRoutes, operations);
