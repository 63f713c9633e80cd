/**
 * The pages' shared parts, written once: each page in web/ marks where its head, navigation and
 * footer go, and this fills them in. The local gateway serves pages through it and the stack
 * deploys them through it, so that every page names every place alike.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml } from '../lambdas/messages/layout.ts';
import { defaultSettings, type Organisation } from './config.ts';

/** What web/ holds for the compiler, not for browsers: neither deployed nor served. */
export const notPublished = ['tsconfig.json', 'types'];

/** Which navigation a page carries: the public one, or the signed-in staff's. */
export type Navigation = 'public' | 'staff';

interface Place {
  path: string;
  name: string;
  /** shown to administrators only: the page's script unhides it (web/js/auth.js, staffPage) */
  adminOnly?: boolean;
}

const places: Record<Navigation, Place[]> = {
  public: [
    { path: '/', name: 'Satsningar' },
    { path: '/tillganglighet.html', name: 'Tillgänglighet' },
    { path: '/logga-in.html', name: 'Logga in' },
  ],
  staff: [
    { path: '/', name: 'Satsningar' },
    { path: '/beslut.html', name: 'Enheter' },
    { path: '/framsteg.html', name: 'Framsteg' },
    { path: '/meddelanden.html', name: 'Meddelanden' },
    { path: '/admin.html', name: 'Översikt', adminOnly: true },
  ],
};

const head = [
  '<meta charset="utf-8">',
  '<meta name="viewport" content="width=device-width, initial-scale=1">',
  '<meta name="referrer" content="no-referrer">',
  '<link rel="stylesheet" href="/style.css">',
  '<link rel="icon" href="/favicon.svg" type="image/svg+xml">',
].join('\n');

const footer = '<footer class="site"><p>Utbildningsförvaltningen. <a href="/personuppgifter.html">Så behandlar vi dina personuppgifter</a>. <a href="/tillganglighet.html">Tillgänglighetsredogörelse</a></p></footer>';

function header(navigation: Navigation, pagePath: string): string {
  const links = places[navigation].map((place) => {
    const current = place.path === pagePath ? ' aria-current="page"' : '';
    const adminOnly = place.adminOnly ? ' data-admin-only hidden' : '';
    return `<a href="${place.path}"${current}${adminOnly}>${place.name}</a>`;
  });
  const signOut = navigation === 'staff' ? '<button type="button" class="link" id="sign-out">Logga ut</button>' : '';
  return `<a class="skip-link" href="#main">Till innehållet</a>\n<header class="site"><nav aria-label="Webbplatsen">${links.join('')}${signOut}</nav></header>`;
}

/** The staff pages' programme chooser, which web/js/common.js (chooseProgramme) fills and shows. */
const programmeChooser = [
  '<form id="choose" hidden>',
  '  <div class="field">',
  '    <label for="programme">Satsning</label>',
  '    <select id="programme" name="programme"></select>',
  '  </div>',
  '</form>',
].join('\n');

const marker = /<!--#(head|header (public|staff)|footer|programme-chooser|controller|dataProtectionOfficer|contact)-->/g;

/**
 * A page with its shared parts filled in, and the municipality's names where the privacy notice
 * asks for them (`<!--#controller-->`); `fileName` is its name in web/ (`index.html` is `/`).
 */
export function renderPage(fileName: string, html: string, organisation: Organisation = defaultSettings.organisation): string {
  const pagePath = fileName === 'index.html' ? '/' : `/${fileName}`;
  return html.replace(marker, (_, part: string, navigation: Navigation | undefined) => {
    if (part === 'head') return head;
    if (part === 'footer') return footer;
    if (part === 'programme-chooser') return programmeChooser;
    if (part === 'controller' || part === 'dataProtectionOfficer' || part === 'contact') return escapeHtml(organisation[part]);
    return header(navigation!, pagePath);
  });
}

/** Every page of a site folder, rendered: for the deployment, which uploads them in place of the files. */
export function renderedPages(webRoot: string, organisation: Organisation = defaultSettings.organisation): { fileName: string; html: string }[] {
  return readdirSync(webRoot)
    .filter((fileName) => fileName.endsWith('.html'))
    .map((fileName) => ({ fileName, html: renderPage(fileName, readFileSync(join(webRoot, fileName), 'utf8'), organisation) }));
}
