// Regenerates docs/schema.md and the README options table from the code (run `npm run docs` after changing
// src/otel/semconv.ts or src/config.ts). test/docs.test.ts fails when they are out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { optionsMarkdown } from '../dist/config.js';
import { schemaMarkdown } from '../dist/otel/schema.js';

const root = new URL('../', import.meta.url);
writeFileSync(new URL('docs/schema.md', root), schemaMarkdown());
const readmeUrl = new URL('README.md', root);
const readme = readFileSync(readmeUrl, 'utf8');
const begin = '<!-- options:begin -->';
const end = '<!-- options:end -->';
const a = readme.indexOf(begin);
const b = readme.indexOf(end);
if (a < 0 || b < a) throw new Error('README.md lacks the options markers');
writeFileSync(readmeUrl, `${readme.slice(0, a + begin.length)}\n${optionsMarkdown()}\n${readme.slice(b)}`);
console.log('wrote docs/schema.md and the README options table');
