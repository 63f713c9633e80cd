/** The audit trail: who changed what, when, by id; never a name, an address or a note's text. */

export const auditActions = [
  'programme.created',
  'programme.changed',
  'units.imported',
  'decision.made',
  'reserve.promoted',
  'seats.released',
  'decisions.published',
  'participant.registered',
  'participant.left',
  'participant.rejoined',
  'application.withdrawn',
  'application.erased',
  'progress.set',
  'group.created',
  'group.changed',
  'group.deleted',
  'group.phase',
  'message.queued',
  'message.sent',
] as const;

export type AuditAction = (typeof auditActions)[number];

export interface FieldChange {
  /** dotted path; array items with an `id` are addressed by it: `units.sylteskolan.seats` */
  field: string;
  from?: unknown;
  to?: unknown;
}

export interface AuditEntry {
  programmeId: string;
  at: string;
  /** the signed-in user's e-mail, `sökande` (the applicant through the private link) or `regel` (a rule) */
  by: string;
  action: AuditAction;
  applicationId?: string;
  unitId?: string;
  changes: FieldChange[];
}

export const ruleActor = 'regel';

export const applicantActor = 'sökande';

const ignoredFields = new Set(['updatedAt', 'version']);

/** What changed between two JSON values, field by field. */
export function diff(from: unknown, to: unknown, path = ''): FieldChange[] {
  if (JSON.stringify(from) === JSON.stringify(to)) return [];
  if (isRecord(from) && isRecord(to)) {
    const names = [...new Set([...Object.keys(from), ...Object.keys(to)])];
    return names
      .filter((name) => !(path === '' && ignoredFields.has(name)))
      .flatMap((name) => diff(from[name], to[name], join(path, name)));
  }
  if (isIdList(from) && isIdList(to)) {
    const before = new Map(from.map((item) => [item.id, item]));
    const after = new Map(to.map((item) => [item.id, item]));
    const ids = [...new Set([...before.keys(), ...after.keys()])];
    return ids.flatMap((id) => {
      const [old, next] = [before.get(id), after.get(id)];
      if (old && next) return diff(old, next, join(path, id));
      return [{ field: join(path, id), ...(old ? { from: old } : {}), ...(next ? { to: next } : {}) }];
    });
  }
  return [{ field: path, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }];
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIdList(value: unknown): value is { id: string }[] {
  return Array.isArray(value) && value.every((item) => isRecord(item) && typeof item.id === 'string');
}
