/**
 * The pages' head, navigation and footer, written once in lib/pages.ts: every page gets them, and
 * the navigation names the same place the same way on every page.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderedPages } from '../../lib/pages.ts';

const pages = renderedPages(join(import.meta.dirname, '..', '..', 'web'));

const navigationOf = (html: string) => /<nav aria-label="Webbplatsen">(.*?)<\/nav>/s.exec(html)?.[1] ?? '';
const linksOf = (html: string) => [...navigationOf(html).matchAll(/<a href="([^"]+)"([^>]*)>([^<]+)<\/a>/g)].map(([, href, attributes, name]) => ({ href: href!, attributes: attributes!, name: name! }));

describe('the pages, as served and deployed', () => {
  it('each have one head, skip link, navigation and footer, and no part left unfilled', () => {
    // Assess
    expect(pages.length).toBeGreaterThanOrEqual(13);
    for (const { fileName, html } of pages) {
      expect(html, fileName).not.toContain('<!--#');
      expect(html.match(/<meta name="viewport"/g), fileName).toHaveLength(1);
      expect(html.match(/<meta name="referrer" content="no-referrer">/g), fileName).toHaveLength(1);
      expect(html.match(/class="skip-link" href="#main"/g), fileName).toHaveLength(1);
      expect(html.match(/<nav aria-label="Webbplatsen">/g), fileName).toHaveLength(1);
      expect(html.match(/<footer class="site">/g), fileName).toHaveLength(1);
      expect(html, fileName).toContain('<main id="main"');
    }
  });

  it('name each place the same way on every page', () => {
    // Act
    const names = new Map<string, Set<string>>();
    for (const { html } of pages) for (const link of linksOf(html)) names.set(link.href, (names.get(link.href) ?? new Set()).add(link.name));

    // Assess
    expect(Object.fromEntries([...names].map(([href, set]) => [href, [...set]]))).toEqual({
      '/': ['Satsningar'],
      '/tillganglighet.html': ['Tillgänglighet'],
      '/logga-in.html': ['Logga in'],
      '/beslut.html': ['Enheter'],
      '/framsteg.html': ['Framsteg'],
      '/meddelanden.html': ['Meddelanden'],
      '/admin.html': ['Översikt'],
    });
  });

  it('mark the page itself as the current place, and keep the overview for administrators', () => {
    const page = (fileName: string) => pages.find((candidate) => candidate.fileName === fileName)!.html;
    const current = (fileName: string) => linksOf(page(fileName)).filter((link) => link.attributes.includes('aria-current="page"')).map((link) => link.href);

    expect(current('index.html')).toEqual(['/']);
    expect(current('beslut.html')).toEqual(['/beslut.html']);
    expect(current('admin.html')).toEqual(['/admin.html']);
    expect(current('logga-in.html')).toEqual(['/logga-in.html']);
    expect(current('satsning.html')).toEqual([]);
    // Hidden until the page's script knows an administrator is signed in.
    expect(linksOf(page('framsteg.html')).find((link) => link.href === '/admin.html')?.attributes).toContain('hidden');
    expect(page('framsteg.html')).toContain('id="sign-out"');
    expect(page('index.html')).not.toContain('id="sign-out"');
  });
});
