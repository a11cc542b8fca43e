/** Shard 2 of the model runs (see support/model-runs.ts); vitest plays the shards in parallel. */
import { defineModelShard } from './support/model-runs'

defineModelShard({ shard: 2, of: 2 })
