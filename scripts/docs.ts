/** `npm run docs`: writes docs/rules.md from the rule registries. */
import { writeFile } from 'node:fs/promises';
import { rulesMarkdown } from '../src/rules.js';

await writeFile(new URL('../docs/rules.md', import.meta.url), rulesMarkdown());
console.log('docs/rules.md written.');
await (await import('./readme.js')).writeReadme();
