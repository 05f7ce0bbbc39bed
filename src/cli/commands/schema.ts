import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ADAPTERS } from '../../formats/index.js';
import {
  DeletionSchema,
  NoticeSchema,
  RepostEventSchema,
  VerdictSchema,
  AlertRecordSchema,
  DeadLetterRecordSchema,
  IncidentRecordSchema,
  InterventionRecordSchema,
  SCHEMAS,
} from '../../contract/index.js';

/** JSON Schemas of every input and output record, for integrators to validate on their side. */
export function jsonSchemas(): Record<string, unknown> {
  const input = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
  const output = (s: z.ZodType) => z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' });
  return {
    'doxguard.event/1': input(RepostEventSchema),
    'doxguard.notice/1': input(NoticeSchema),
    'doxguard.verdict/1': input(VerdictSchema),
    'doxguard.delete/1': input(DeletionSchema),
    // what each source.format accepts: the fields its adapter reads (unknown fields are ignored)
    ...Object.fromEntries(Object.values(ADAPTERS).map((a) => [`format/${a.name}`, input(a.shape)])),
    [SCHEMAS.alert]: output(AlertRecordSchema),
    [SCHEMAS.intervention]: output(InterventionRecordSchema),
    [SCHEMAS.incident]: output(IncidentRecordSchema),
    [SCHEMAS.deadLetter]: output(DeadLetterRecordSchema),
  };
}

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description(
      'print the JSON Schema of the input event (and notices, verdicts, deletions), of every platform format doxguard reads (format/<name>) and of every output record',
    )
    .argument('[name]', 'only this schema, e.g. doxguard.event/1 or doxguard.alert/1')
    .option('-o, --out <dir>', 'write one <name>.schema.json file per schema instead of printing')
    .action((name: string | undefined, opts: { out?: string }) => {
      const all = jsonSchemas();
      if (name !== undefined && !(name in all)) {
        process.stderr.write(`doxguard: unknown schema ${name}; known: ${Object.keys(all).join(', ')}\n`);
        process.exitCode = 2;
        return;
      }
      const chosen = name === undefined ? all : { [name]: all[name] };
      if (opts.out) {
        mkdirSync(opts.out, { recursive: true });
        for (const [n, s] of Object.entries(chosen))
          writeFileSync(join(opts.out, `${n.replace(/[/.]/g, '-')}.schema.json`), JSON.stringify(s, null, 2) + '\n');
        return;
      }
      process.stdout.write(JSON.stringify(name === undefined ? chosen : chosen[name], null, 2) + '\n');
    });
}
