import { Command, CommanderError } from 'commander';
import { registerReplay } from './commands/replay.js';
import { registerReport } from './commands/report.js';
import { PACKAGE_VERSION } from '../app/index.js';
import { registerConfig } from './commands/config-check.js';
import { registerDemo } from './commands/demo.js';
import { registerEvidence } from './commands/evidence.js';
import { registerForecast } from './commands/forecast.js';
import { registerRun } from './commands/run.js';
import { registerScan } from './commands/scan.js';
import { registerSchema } from './commands/schema.js';
import { registerSimulate } from './commands/simulate.js';
import { reportError } from './errors.js';

/** The doxguard command line: a thin shell over the pipeline. */
export function buildProgram(): Command {
  const program = new Command('doxguard')
    .description('early warning and proportionate intervention for cross-platform crowd doxxing (人肉搜索 / 开盒)')
    .version(PACKAGE_VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerDemo(program);
  registerRun(program);
  registerReplay(program);
  registerReport(program);
  registerScan(program);
  registerSimulate(program);
  registerSchema(program);
  registerEvidence(program);
  registerForecast(program);
  registerConfig(program);
  return program;
}

export async function main(argv: readonly string[] = process.argv): Promise<number> {
  try {
    await buildProgram().parseAsync(argv as string[]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    return reportError(e);
  }
}

/**
 * A reader that stops early (`doxguard forecast … | head`) closes the pipe: that is the reader's choice, not
 * a failure, so the command ends quietly (exit 0) instead of throwing EPIPE from the next write.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

const invokedDirectly = process.argv[1] !== undefined && /[\\/]cli[\\/]main\.[jt]s$/.test(process.argv[1]);
if (invokedDirectly) {
  endQuietlyOnClosedPipe();
  process.exitCode = await main();
}
