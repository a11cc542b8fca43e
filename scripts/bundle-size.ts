/**
 * How many bytes an app pays for this library: the browser bundle an app gets when it
 * imports an entry, built the way apps build (esbuild: bundle, minify, ESM, browser),
 * measured minified and gzipped (level 9). Used by `npm run size` and by the size-budget
 * test, so the README's figures and the enforced budget come from one measurement.
 */
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

/** Runtime dependencies: what "own code" leaves out. */
export const DEPENDENCIES = ['xstate', 'ofetch', 'idb-keyval']

export interface BundleSize {
  /** What was imported, e.g. `createSession from 'headless-session'`. */
  label: string
  minified: number
  gzipped: number
}

/** One `import { names } from 'specifier'` an app writes. */
export interface AppImport {
  specifier: string
  names: string[]
}

/** The code an app's bundle holds for these imports, and its size. */
export interface AppBundle extends BundleSize {
  code: string
}

/** Bundle these imports as an app would, optionally leaving some packages out. */
export async function bundleImports(
  imports: AppImport[],
  external: string[] = [],
  resolveDir = process.cwd(),
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
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    external,
    // Resolve through package.json exports (the built dist), as an app would.
    tsconfigRaw: '{}',
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]?.text ?? ''
  const label = imports
    .map((item) => `${item.names.join(', ')} from '${item.specifier}'`)
    .join(' + ')
  return {
    code,
    label: `${label}${external.length ? ' (without dependencies)' : ''}`,
    minified: Buffer.byteLength(code),
    gzipped: gzipSync(code, { level: 9 }).length,
  }
}

/** Sizes of `bundleImports`, without the code. */
export async function measureImports(
  imports: AppImport[],
  external: string[] = [],
  resolveDir = process.cwd(),
): Promise<BundleSize> {
  const { label, minified, gzipped } = await bundleImports(imports, external, resolveDir)
  return { label, minified, gzipped }
}

const CREATE_SESSION: AppImport = { specifier: 'headless-session', names: ['createSession'] }

/** The figures the budget is about: createSession with and without its dependencies. */
export async function measureLibrary(resolveDir = process.cwd()) {
  const [total, own] = await Promise.all([
    measureImports([CREATE_SESSION], [], resolveDir),
    measureImports([CREATE_SESSION], DEPENDENCIES, resolveDir),
  ])
  return { total, own }
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`

/** What an entry adds to an app that already imports createSession. */
export async function measureAddition(
  addition: AppImport,
  resolveDir = process.cwd(),
): Promise<BundleSize> {
  const [base, both] = await Promise.all([
    measureImports([CREATE_SESSION], [], resolveDir),
    measureImports([CREATE_SESSION, addition], [], resolveDir),
  ])
  return {
    label: `+ ${addition.names.join(', ')} from '${addition.specifier}'`,
    minified: both.minified - base.minified,
    gzipped: both.gzipped - base.gzipped,
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { total, own } = await measureLibrary()
  const wixSdk = await measureAddition({
    specifier: 'headless-session/wix-sdk',
    names: ['createWixAuth', 'fromWixTokens', 'toWixTokens'],
  })
  const cookieStore = await measureAddition({
    specifier: 'headless-session',
    names: ['createCookieStore'],
  })
  console.log('bundle sizes (esbuild, browser ESM, minified; gzip -9), from the built dist:')
  for (const size of [total, own, wixSdk, cookieStore]) {
    console.log(
      `  ${size.label.padEnd(82)} ${kB(size.minified).padStart(9)} min  ${kB(size.gzipped).padStart(8)} min+gzip`,
    )
  }
}
