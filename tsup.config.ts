import { defineConfig, type Options } from 'tsup'
import { stripStateDescriptions } from './scripts/build/strip-descriptions'

const shared: Options = {
  entry: {
    index: 'src/index.ts',
    'testing/index': 'src/testing/index.ts',
    'node/index': 'src/node/index.ts',
    'wix-sdk/index': 'src/wix-sdk/index.ts',
    'members/index': 'src/members/index.ts',
    'devtools/index': 'src/devtools/index.ts',
    'react/index': 'src/react/index.ts',
    'server/index': 'src/server/index.ts',
  },
  // An app's own React, never a copy: the entry is bundled by the app, beside its React.
  external: ['react'],
  format: ['esm'],
  // `npm run build` empties dist first: the two builds below run at once and share it.
  clean: false,
  sourcemap: false,
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
  splitting: true,
}

export default defineConfig([
  // What apps ship: the chart without its state descriptions.
  { ...shared, outDir: 'dist', dts: true, esbuildPlugins: [stripStateDescriptions()] },
  // The `development` export condition: every entry again, descriptions kept, for the
  // inspector and the devtools panel in an app's dev mode.
  { ...shared, outDir: 'dist/development', dts: false },
])
