/**
 * A pipeline worker thread (src/app/workers/pool.ts starts it): runs the
 * partitions the main thread hands it in a PartitionGroup and posts back
 * what they wrote. Messages are handled one at a time, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { activateDetectors } from '../../../detectors/index.js';
import { toWireError } from '../../errors/index.js';
import { monotonicMs } from '../../metrics/index.js';
import type { LinkExchange } from '../../contract/index.js';
import { createScanner } from '../scanner.js';
import { createLogger, stageLogger } from '../../log/index.js';
import { PartitionGroup } from './group.js';
import { unpackRecords } from './pack.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

const init = workerData as WorkerInit;
const port = parentPort!;
const post = (m: FromWorker): void => port.postMessage(m);
/** tests only: `<worker>:<n>` makes that worker thread exit abruptly on its n-th message, as a crash would */
const [crashWorker, crashAfter] = (process.env.DOXGUARD_TEST_WORKER_CRASH ?? '').split(':').map(Number);
const crashAt = crashWorker === init.index ? crashAfter : -1;

async function start(): Promise<void> {
  const { config } = init;
  let links: (LinkExchange & { close(): Promise<void> }) | null = null;
  if (init.kafkaLinks) {
    const mod = await import('../../source/kafka/index.js');
    links = await mod.createKafkaLinkExchange(config, stageLogger(createLogger(config.log), 'links'));
  }
  const group = new PartitionGroup({
    config,
    scanner: await createScanner(config, init.secret),
    detectors: activateDetectors(config.detectors),
    hooks: init.hooks ? 'tally' : null,
    timer: init.hooks ? monotonicMs : null,
    clock: init.clock ? Date.now : null,
    evidence: init.evidence,
    kafkaLinks: links,
    onSpill: (result) => post({ t: 'spill', result }),
  });
  // one message at a time, in the order sent: each step awaits the one before
  let queue = Promise.resolve();
  let received = 0;
  port.on('message', (m: ToWorker) => {
    if (++received === crashAt) process.exit(70); // a crash, injected by tests (DOXGUARD_TEST_WORKER_CRASH)
    queue = queue.then(() => handle(group, m, links)).catch((e: unknown) => fail(m.id, e));
  });
  post({ t: 'ready' });
}

async function handle(group: PartitionGroup, m: ToWorker, links: { close(): Promise<void> } | null): Promise<void> {
  switch (m.t) {
    case 'round': {
      const parts = m.parts.map(([p, packed]) => [p, unpackRecords(packed)] as const);
      return post({ t: 'result', id: m.id, result: await group.round(parts, m.claims) });
    }
    case 'batch': {
      const batch = { records: unpackRecords(m.records), rebuild: m.rebuild };
      return post({ t: 'result', id: m.id, result: await group.batch(batch, m.partition) });
    }
    case 'finish':
      return post({ t: 'result', id: m.id, result: await group.finish() });
    case 'close':
      group.close();
      await links?.close();
      return post({ t: 'closed', id: m.id });
  }
}

function fail(id: number | null, e: unknown): void {
  post({ t: 'error', id, error: toWireError(e) });
}

start().catch((e: unknown) => fail(null, e));
