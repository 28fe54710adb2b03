import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { FilesConfig } from '../config.js';
import { every } from '../shared/periodic.js';
import { sweepOrphans } from './pending.js';
import type { FileStore } from './store.js';

/**
 * Sweeps orphan bytes every FILES_SWEEP_SECONDS (0: never; tests call sweepOrphans themselves):
 * after a crash or a cut upload nothing is left for longer than one sweep past the grace.
 */
export function startSweeper(config: FilesConfig, orm: MikroORM, store: FileStore, logger: Logger): () => Promise<void> {
  return every(config.sweepIntervalSeconds, () =>
    sweepOrphans(orm.em, store, config.sweepGraceSeconds)
      .then((removed) => removed > 0 && logger.info({ removed }, 'orphan files swept'))
      .catch((err: unknown) => logger.error({ err }, 'file sweep failed')),
  );
}
