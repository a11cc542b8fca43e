/**
 * Bundle size of what an app imports for its sessions, this library against other auth
 * clients, each built the same way: esbuild, browser, ESM, minified, code splitting, every
 * dependency bundled; then gzip at level 9. The figure is the initial load (the entry
 * chunk and what it imports statically); code a library loads with `import()` on first
 * use is reported apart as lazy. This library is built from its package (`dist/`), as an
 * app would get it.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { initialOutputs } from '../scripts/bundle-size'

const root = fileURLToPath(new URL('../', import.meta.url))

interface Candidate {
  library: string
  /** The package whose version is reported. */
  packageName: string
  /** What the app imports. */
  entry: string
}

const CANDIDATES: readonly Candidate[] = [
  {
    library: 'headless-session',
    packageName: 'headless-session',
    entry: "export { createSession } from 'headless-session'",
  },
  {
    library: 'headless-session with members',
    packageName: 'headless-session',
    entry:
      "export { createSession } from 'headless-session'; export { createMemberAuth } from 'headless-session/members'",
  },
  {
    library: "@wix/sdk's OAuthStrategy",
    packageName: '@wix/sdk',
    entry: "export { createClient, OAuthStrategy } from '@wix/sdk'",
  },
  {
    library: '@supabase/auth-js',
    packageName: '@supabase/auth-js',
    entry: "export { AuthClient } from '@supabase/auth-js'",
  },
  {
    library: 'oidc-client-ts',
    packageName: 'oidc-client-ts',
    entry: "export { UserManager } from 'oidc-client-ts'",
  },
  {
    library: '@auth0/auth0-spa-js',
    packageName: '@auth0/auth0-spa-js',
    entry: "export { createAuth0Client } from '@auth0/auth0-spa-js'",
  },
]

export interface BundleSizeResult {
  library: string
  version: string
  entry: string
  /** The initial load, minified. */
  minBytes: number
  /** The initial load, minified and gzipped (each chunk as served). */
  gzipBytes: number
  /** Chunks loaded on first use only (`import()`), gzipped. */
  lazyGzipBytes: number
  /** The three largest packages in the minified bundle, with their bytes. */
  largestParts: { name: string; bytes: number }[]
}

async function versionOf(packageName: string): Promise<string> {
  const file =
    packageName === 'headless-session'
      ? `${root}package.json`
      : createRequire(`${root}package.json`).resolve(`${packageName}/package.json`)
  return (JSON.parse(await readFile(file, 'utf8')) as { version: string }).version
}

/** `node_modules/<package>/…` counts as that package, `dist/…` as this library. */
function partOf(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)
  return match?.[1] ?? (input.startsWith('dist/') ? 'headless-session' : input)
}

async function measure(candidate: Candidate): Promise<BundleSizeResult> {
  const result = await build({
    stdin: { contents: candidate.entry, resolveDir: root, loader: 'js', sourcefile: 'app.js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    splitting: true,
    outdir: 'bench-out',
    write: false,
    metafile: true,
    // Resolve `headless-session` through package.json exports (dist), not tsconfig paths (src).
    tsconfigRaw: '{}',
    logLevel: 'silent',
  })
  const initial = initialOutputs(result.metafile)
  const isInitial = (path: string) => [...initial].some((key) => path.endsWith(key))
  const eager = result.outputFiles.filter((file) => isInitial(file.path))
  const lazy = result.outputFiles.filter((file) => !isInitial(file.path))
  if (eager.length === 0) throw new Error(`esbuild built nothing for ${candidate.library}`)
  const parts = new Map<string, number>()
  for (const key of initial) {
    for (const [input, { bytesInOutput }] of Object.entries(
      result.metafile.outputs[key]?.inputs ?? {},
    )) {
      parts.set(partOf(input), (parts.get(partOf(input)) ?? 0) + bytesInOutput)
    }
  }
  const gzip = (text: string) => gzipSync(text, { level: 9 }).byteLength
  return {
    library: candidate.library,
    version: await versionOf(candidate.packageName),
    entry: candidate.entry,
    minBytes: eager.reduce((sum, file) => sum + file.contents.byteLength, 0),
    gzipBytes: eager.reduce((sum, file) => sum + gzip(file.text), 0),
    lazyGzipBytes: lazy.reduce((sum, file) => sum + gzip(file.text), 0),
    largestParts: [...parts]
      .map(([name, bytes]) => ({ name, bytes }))
      .filter((part) => part.bytes > 0)
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 3),
  }
}

export async function benchBundleSize(): Promise<BundleSizeResult[]> {
  const results: BundleSizeResult[] = []
  for (const candidate of CANDIDATES) results.push(await measure(candidate))
  return results
}
