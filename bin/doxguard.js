#!/usr/bin/env node
// Runs the built CLI (npm run build); during development use `npx tsx src/cli/main.ts`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
if (!existsSync(built)) {
  process.stderr.write('doxguard: not built yet: run `npm run build` first (or `npx tsx src/cli/main.ts`)\n');
  process.exit(1);
}
const { main, endQuietlyOnClosedPipe } = await import(built);
endQuietlyOnClosedPipe();
process.exitCode = await main(process.argv);
