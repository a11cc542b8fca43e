import { bundleImports } from './bundle-size'
import { stripStateDescriptions } from './build/strip-descriptions'
const b = await bundleImports([{ specifier: './src/index.ts', names: ['createSession'] }], { plugins: [stripStateDescriptions()] })
console.log('initial gzip', b.gzipped)
