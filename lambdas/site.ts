/**
 * Addresses of the web pages: the links e-mails carry, and the pretty paths the site serves from
 * one page each (CloudFront rewrites them in AWS, the local gateway locally).
 */
export const sitePaths = {
  /** the privacy notice, linked from the form, the receipt page and every mail */
  privacy: '/personuppgifter.html',
  programme: (programmeId: string) => `/satsning/${encodeURIComponent(programmeId)}`,
  /** the programme page's form for a new private link, for mails that cannot carry the link itself */
  lostLink: (programmeId: string) => `/satsning/${encodeURIComponent(programmeId)}#lost-link`,
  /** the secret travels in the fragment: browsers never send it to a server, so no log holds it */
  application: (applicationId: string, secret: string) => `/ansokan/${encodeURIComponent(applicationId)}#${secret}`,
  /** the watcher's confirmation page */
  confirmWatch: (token: string) => `/bevaka.html?token=${encodeURIComponent(token)}`,
  /** the page behind a watcher's unsubscribe link (a GET must not unsubscribe: link scanners follow links) */
  unsubscribe: (token: string) => `/avsluta-bevakning.html?token=${encodeURIComponent(token)}`,
  /** RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click` here */
  oneClickUnsubscribe: (token: string) => `/api/watchers/unsubscribe?token=${encodeURIComponent(token)}`,
};

/** Path prefix → the page that serves every path under it. */
export const pageRewrites: readonly { prefix: string; page: string }[] = [
  { prefix: '/satsning/', page: '/satsning.html' },
  { prefix: '/ansokan/', page: '/ansokan.html' },
];

export function pageForPath(path: string): string {
  if (path === '/') return '/index.html';
  const rewrite = pageRewrites.find((candidate) => path.startsWith(candidate.prefix));
  return rewrite ? rewrite.page : path;
}
