/**
 * doc-links — the relative links in the recipe docs point at files (and headings) that exist, so moving a
 * config breaks a test instead of a reader's copy-paste.
 *
 *   [`collector-config/vector.yaml`](../collector-config/vector.yaml)   → collector-config/vector.yaml must exist
 *   [scaling.md](scaling.md#one-trace-across-hosts)                    → a heading "One trace across hosts"
 *
 * Limits: GitHub-style heading slugs only (lower case, punctuation dropped, spaces → dashes).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const DOCS = ['docs/feeding.md', 'docs/cookbook.md', 'docs/scaling.md', 'examples/container/README.md', 'examples/compose/README.md'];
const slug = (h: string): string => h.toLowerCase().replace(/[^\w\s-]/g, '').trim().replace(/\s/g, '-');
const slugsOf = (file: string): Set<string> =>
  new Set([...readFileSync(file, 'utf8').matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1])));

describe.each(DOCS)('%s', (doc) => {
  const links = [...readFileSync(join(ROOT, doc), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1])
    .filter((l) => !/^[a-z]+:/.test(l));

  it.each(links)('link %s resolves', (link) => {
    const [path, anchor] = link.split('#');
    const target = path === '' ? join(ROOT, doc) : join(ROOT, dirname(doc), path);
    expect(existsSync(target), target).toBe(true);
    if (anchor) expect(slugsOf(target), `#${anchor} in ${path || doc}`).toContain(anchor);
  });
});
