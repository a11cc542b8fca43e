/**
 * How many bytes an app pays for this library: the browser bundle an app gets when it
 * imports an entry, built the way apps build (esbuild: bundle, minify, ESM, browser, code
 * splitting), measured minified and gzipped (level 9). What an app downloads before its
 * first line runs is the *initial* load: the entry chunk and every chunk it imports
 * statically. Code the library loads with `import()` on first use (`session.fetch`'s
 * ofetch, the inspector's redaction) is *lazy*: reported apart, paid only by apps that
 * use it. Used by `npm run size` and by the size-budget test, so the README's figures and
 * the enforced budget come from one measurement.
 */
import { gzipSync } from 'node:zlib'
import { build, type Metafile, type OutputFile, type Plugin } from 'esbuild'
import { stripStateDescriptions } from './build/strip-descriptions'

/** Runtime dependencies: what "own code" leaves out. */
export const DEPENDENCIES = ['xstate', 'ofetch', 'idb-keyval']

export interface BundleSize {
  /** What was imported, e.g. `createSession from 'headless-session'`. */
  label: string
  /** The initial load, minified. */
  minified: number
  /** The initial load, minified and gzipped (each chunk as it is served). */
  gzipped: number
  /** Chunks loaded on first use only (`import()`), gzipped. */
  lazyGzipped: number
}

/** One `import { names } from 'specifier'` an app writes. */
export interface AppImport {
  specifier: string
  names: string[]
}

/** The code an app's bundle holds for these imports, and its size. */
export interface AppBundle extends BundleSize {
  /** The initial load's code (its chunks, concatenated). */
  code: string
  /** The lazy chunks' code, concatenated. */
  lazyCode: string
  metafile: Metafile
}

export interface BundleOptions {
  /** Packages left out of the bundle (to measure the library's own code). */
  external?: string[]
  /** Where `headless-session` resolves from (default: this project). */
  resolveDir?: string
  /** Export conditions beyond the defaults, e.g. `['development']`. */
  conditions?: string[]
  plugins?: Plugin[]
}

/** Bundle these imports as an app would, optionally leaving some packages out. */
export async function bundleImports(
  imports: AppImport[],
  { external = [], resolveDir = process.cwd(), conditions = [], plugins = [] }: BundleOptions = {},
): Promise<AppBundle> {
  const names = imports.flatMap((item) => item.names)
  const lines = imports.map(
    (item) => `import { ${item.names.join(', ')} } from '${item.specifier}'`,
  )
  const result = await build({
    stdin: {
      contents: `${lines.join('\n')}\nglobalThis.__keep = [${names.join(', ')}]`,
      resolveDir,
      loader: 'js',
      sourcefile: 'app.js',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    splitting: true,
    outdir: 'size-out',
    write: false,
    metafile: true,
    external,
    plugins,
    // esbuild's own defaults apply unless conditions are named.
    ...(conditions.length > 0 ? { conditions } : {}),
    // Resolve through package.json exports (the built dist), as an app would.
    tsconfigRaw: '{}',
    logLevel: 'silent',
  })
  const initial = initialOutputs(result.metafile)
  const isInitial = (file: OutputFile) => initial.has(outputKey(file, result.metafile))
  const [eager, lazy] = [
    result.outputFiles.filter(isInitial),
    result.outputFiles.filter((file) => !isInitial(file)),
  ]
  const label = imports
    .map((item) => `${item.names.join(', ')} from '${item.specifier}'`)
    .join(' + ')
  return {
    code: eager.map((file) => file.text).join('\n'),
    lazyCode: lazy.map((file) => file.text).join('\n'),
    metafile: result.metafile,
    label: `${label}${external.length ? ' (without dependencies)' : ''}`,
    minified: eager.reduce((sum, file) => sum + file.contents.byteLength, 0),
    gzipped: eager.reduce((sum, file) => sum + gzipped(file.text), 0),
    lazyGzipped: lazy.reduce((sum, file) => sum + gzipped(file.text), 0),
  }
}

const gzipped = (text: string) => gzipSync(text, { level: 9 }).length

/** The entry's output and every output it reaches through static imports. */
export function initialOutputs(metafile: Metafile): Set<string> {
  const entry = Object.keys(metafile.outputs).find((key) => metafile.outputs[key]?.entryPoint)
  const reached = new Set<string>()
  const pending = entry ? [entry] : []
  for (let key = pending.pop(); key !== undefined; key = pending.pop()) {
    if (reached.has(key)) continue
    reached.add(key)
    for (const imported of metafile.outputs[key]?.imports ?? []) {
      if (imported.kind === 'import-statement') pending.push(imported.path)
    }
  }
  return reached
}

function outputKey(file: OutputFile, metafile: Metafile): string {
  return Object.keys(metafile.outputs).find((key) => file.path.endsWith(key)) ?? file.path
}

/** Sizes of `bundleImports`, without the code. */
export async function measureImports(
  imports: AppImport[],
  external: string[] = [],
  resolveDir = process.cwd(),
): Promise<BundleSize> {
  const { label, minified, gzipped, lazyGzipped } = await bundleImports(imports, {
    external,
    resolveDir,
  })
  return { label, minified, gzipped, lazyGzipped }
}

export const CREATE_SESSION: AppImport = { specifier: 'headless-session', names: ['createSession'] }

/** `headless-session/react`, measured without React itself: an app that uses it has React. */
export const REACT_BINDING: AppImport = {
  specifier: 'headless-session/react',
  names: ['useSession', 'defineBrowserSession'],
}

/** The figures the budget is about: createSession with and without its dependencies. */
export async function measureLibrary(resolveDir = process.cwd()) {
  const [total, own] = await Promise.all([
    measureImports([CREATE_SESSION], [], resolveDir),
    measureImports([CREATE_SESSION], DEPENDENCIES, resolveDir),
  ])
  return { total, own }
}

/**
 * What an entry adds to an app that already imports createSession. `external`: packages
 * the app has anyway (React, for `headless-session/react`), left out of both bundles.
 */
export async function measureAddition(
  addition: AppImport,
  resolveDir = process.cwd(),
  external: string[] = [],
): Promise<BundleSize> {
  const [base, both] = await Promise.all([
    measureImports([CREATE_SESSION], external, resolveDir),
    measureImports([CREATE_SESSION, addition], external, resolveDir),
  ])
  return {
    label: `+ ${addition.names.join(', ')} from '${addition.specifier}'${external.length ? ` (without ${external.join(', ')})` : ''}`,
    minified: both.minified - base.minified,
    gzipped: both.gzipped - base.gzipped,
    lazyGzipped: both.lazyGzipped - base.lazyGzipped,
  }
}

/** The parts of the initial load, by where their code comes from. */
const PARTS: [name: string, test: (path: string) => boolean][] = [
  ['xstate', (path) => path.includes('node_modules/xstate/')],
  ['ofetch (with ufo, destr)', (path) => /node_modules\/(ofetch|ufo|destr)\//.test(path)],
  ['idb-keyval', (path) => path.includes('node_modules/idb-keyval/')],
  ['the state chart (machines/)', (path) => path.startsWith('machines/')],
  ['persistence and stores', (path) => /src\/(actors\/persistence|storage\/)/.test(path)],
  [
    'token endpoint, responses, errors',
    (path) => /src\/(actors\/token-endpoint|token-response|token-set|errors|redact)\./.test(path),
  ],
  [
    'tabs: sync, locks, lifecycle',
    (path) => /src\/(actors\/(tab-sync|refresh-lock|environment)|sync\/|locks\/)/.test(path),
  ],
  ['inspection', (path) => /src\/(inspection|deferred-inspection|fingerprint)\./.test(path)],
  ['the facade (createSession and its waits)', (path) => path.startsWith('src/')],
]

/**
 * The initial load of createSession split into parts, bundled from the source (`src/`) as
 * the production build bundles it, so each byte can be traced to the file it came from.
 * Minified bytes are exact; gzip does not divide, so each part's gzip figure is its share
 * of the whole, in proportion to its minified bytes.
 */
export async function measureParts(resolveDir = process.cwd()) {
  const bundle = await bundleImports([{ specifier: './src/index.ts', names: ['createSession'] }], {
    resolveDir,
    // As the production build does (tsup.config.ts).
    plugins: [stripStateDescriptions()],
  })
  const initial = initialOutputs(bundle.metafile)
  const bytes = new Map<string, number>()
  for (const key of initial) {
    for (const [input, { bytesInOutput }] of Object.entries(
      bundle.metafile.outputs[key]?.inputs ?? {},
    )) {
      const part = PARTS.find(([, test]) => test(input))?.[0] ?? 'other'
      bytes.set(part, (bytes.get(part) ?? 0) + bytesInOutput)
    }
  }
  const total = [...bytes.values()].reduce((sum, value) => sum + value, 0)
  return {
    gzipped: bundle.gzipped,
    lazyGzipped: bundle.lazyGzipped,
    parts: [...bytes]
      .sort(([, a], [, b]) => b - a)
      .map(([name, minified]) => ({
        name,
        minified,
        gzipShare: Math.round((bundle.gzipped * minified) / total),
      })),
  }
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`

if (import.meta.url === `file://${process.argv[1]}`) {
  const { total, own } = await measureLibrary()
  const additions = await Promise.all([
    measureAddition({
      specifier: 'headless-session/wix-sdk',
      names: ['createWixAuth', 'fromWixTokens', 'toWixTokens'],
    }),
    measureAddition({ specifier: 'headless-session', names: ['createCookieStore'] }),
    measureAddition({ specifier: 'headless-session/members', names: ['createMemberAuth'] }),
    measureAddition(REACT_BINDING, process.cwd(), ['react']),
  ])
  // A server's bundle (an edge function), not added to a browser app's: measured alone.
  const server = await measureImports([
    { specifier: 'headless-session/server', names: ['createServerSessions'] },
  ])
  const parts = await measureParts()
  console.log('bundle sizes (esbuild, browser ESM, code splitting, minified; gzip -9), from dist:')
  console.log('  initial load = what an app downloads before it runs; lazy = loaded on first use')
  for (const size of [total, own, ...additions, server]) {
    console.log(
      `  ${size.label.padEnd(82)} ${kB(size.minified).padStart(9)} min  ${kB(size.gzipped).padStart(8)} min+gzip  (+ ${kB(size.lazyGzipped)} lazy)`,
    )
  }
  console.log('\ncreateSession, initial load by part (from src/; gzip as a share of the whole):')
  for (const part of parts.parts) {
    console.log(
      `  ${part.name.padEnd(44)} ${kB(part.minified).padStart(9)} min  ${kB(part.gzipShare).padStart(8)} gzip`,
    )
  }
  console.log(
    `  ${'total'.padEnd(44)} ${''.padStart(9)}      ${kB(parts.gzipped).padStart(8)} gzip`,
  )
}
