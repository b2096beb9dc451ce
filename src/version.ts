import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package version, read once (src/ and dist/ both sit one level below package.json). */
export const VERSION: string = (JSON.parse(fs.readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { version: string }).version;
