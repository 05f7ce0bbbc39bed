import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/index.js';

/** doxguard's version, from package.json. */
export const PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }
).version;
