/**
 * Cognito's pre-token-generation trigger, for staff who sign in through the municipality's
 * identity provider. Administrators are whom the provider says: a user in one of the groups (an
 * Entra group's object id: Entra sends ids, not names) or with one of the app roles named in
 * `ADMIN_GROUP_IDS` gets the group `admin` in the token, and nobody else gets any group from the
 * pool. Heads are recognised by their e-mail address, so an address outside the municipality's
 * domains (`HEAD_EMAIL_DOMAINS`) makes a token that grants nothing: its e-mail claim is
 * suppressed and it carries no group. Users with a Cognito password (the break-glass
 * administrator) keep the groups the pool gives them.
 *
 * A bundle of its own, with no dependency: it runs on every sign-in and token refresh.
 */

/** The parts of Cognito's event (version 1) the trigger reads and writes. */
export interface PreTokenGenerationEvent {
  triggerSource: string;
  request: { userAttributes: Record<string, string>; groupConfiguration?: { groupsToOverride?: string[] } };
  response: {
    claimsOverrideDetails?: {
      claimsToAddOrOverride?: Record<string, string>;
      claimsToSuppress?: string[];
      groupOverrideDetails?: { groupsToOverride?: string[] };
    } | null;
  };
}

/** The custom attribute the provider's groups (or app roles) are mapped to (lib/federation.ts). */
export const groupsAttribute = 'custom:idp_groups';

const list = (value: string | undefined) => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);

/**
 * A multi-valued claim as Cognito stores it in a string attribute: `[a, b]` (SAML), a JSON array
 * (OIDC), or one value.
 */
export function claimValues(value: string | undefined): string[] {
  if (!value) return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      return list(trimmed.slice(1, -1));
    }
  }
  return list(trimmed);
}

export function federatedClaims(
  event: PreTokenGenerationEvent,
  settings: { adminGroupIds: string[]; headEmailDomains: string[] },
): PreTokenGenerationEvent['response']['claimsOverrideDetails'] {
  const attributes = event.request.userAttributes;
  // Only federated users: a Cognito user (the break-glass administrator) is left as the pool made them.
  if (attributes['cognito:user_status'] !== 'EXTERNAL_PROVIDER') return null;
  const email = (attributes.email ?? '').trim().toLowerCase();
  const domain = email.includes('@') ? email.slice(email.lastIndexOf('@') + 1) : '';
  if (!settings.headEmailDomains.includes(domain)) {
    return { claimsToSuppress: ['email'], groupOverrideDetails: { groupsToOverride: [] } };
  }
  const groups = claimValues(attributes[groupsAttribute]);
  const isAdmin = groups.some((group) => settings.adminGroupIds.includes(group));
  return { claimsToAddOrOverride: { email }, groupOverrideDetails: { groupsToOverride: isAdmin ? ['admin'] : [] } };
}

export async function handler(event: PreTokenGenerationEvent): Promise<PreTokenGenerationEvent> {
  event.response.claimsOverrideDetails = federatedClaims(event, {
    adminGroupIds: list(process.env.ADMIN_GROUP_IDS),
    headEmailDomains: list(process.env.HEAD_EMAIL_DOMAINS).map((domain) => domain.toLowerCase()),
  });
  return event;
}
