import type { Command } from 'commander';
import { verifyEvidenceLog } from '../../evidence/index.js';

export function registerEvidence(program: Command): void {
  const evidence = program.command('evidence').description('the hash-chained evidence log');
  evidence
    .command('verify')
    .description('check an evidence log: any edited, dropped, reordered or inserted record breaks the chain (exit 1)')
    .argument('<file>', 'evidence log (NDJSON)')
    .option('--head <hash>', 'the head hash recorded elsewhere: also detects a truncated tail')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { head?: string; json?: boolean }) => {
      const r = await verifyEvidenceLog(file, opts.head);
      if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
      else if (r.ok)
        process.stdout.write(
          `ok: ${r.entries} entries, chain intact, head ${r.head}\n` +
            Object.entries(r.counts)
              .map(([k, n]) => `  ${k}: ${n}\n`)
              .join(''),
        );
      else
        process.stdout.write(
          `BROKEN at line ${r.error!.line}: ${r.error!.reason}: ${r.error!.message} (${r.entries} entries verified before it, last good head ${r.head})\n`,
        );
      process.exitCode = r.ok ? 0 : 1;
    });
}
