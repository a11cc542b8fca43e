/** Shard 1 of the model runs (see support/model-runs.ts); vitest plays the shards in parallel. */
import { defineModelShard } from './support/model-runs'

defineModelShard({ shard: 1, of: 2 })
