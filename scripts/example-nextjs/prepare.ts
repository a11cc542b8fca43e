/**
 * Getting examples/nextjs ready to serve: the library built (the example takes the built
 * package, `file:../..`), the example's own dependencies installed from its lockfile, and
 * the app built with `next build`. Each step runs only when needed, except the app build,
 * which is always fresh. Used by `npm run example:nextjs` and by the example's browser test.
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url))
export const EXAMPLE_DIR = join(REPOSITORY, 'examples', 'nextjs')
/** Next's command-line entry, run with this Node (no shell, no npx). */
export const NEXT_BIN = join(EXAMPLE_DIR, 'node_modules', 'next', 'dist', 'bin', 'next')

/** The entries of the package the example imports, which the build must have produced. */
const BUILT_ENTRIES = ['index.js', 'server/index.js', 'react/index.js', 'testing/index.js']

/** Build the library unless dist/ holds every entry and is newer than every source file. */
export async function ensureLibraryBuilt(log: (line: string) => void = console.log) {
  const dist = join(REPOSITORY, 'dist')
  const built = BUILT_ENTRIES.map((entry) => join(dist, entry))
  if (built.every(existsSync)) {
    const builtAt = Math.min(...built.map((path) => statSync(path).mtimeMs))
    const sources = ['src', 'machines'].flatMap((folder) => filesUnder(join(REPOSITORY, folder)))
    if (sources.every((path) => statSync(path).mtimeMs <= builtAt)) return
  }
  log('building headless-session (npm run build)…')
  await run('npm', ['run', 'build'], REPOSITORY)
}

/** `npm ci` in the example unless its node_modules matches its lockfile already. */
export async function ensureExampleInstalled(log: (line: string) => void = console.log) {
  const installed = join(EXAMPLE_DIR, 'node_modules', '.package-lock.json')
  const lock = join(EXAMPLE_DIR, 'package-lock.json')
  if (
    existsSync(installed) &&
    existsSync(NEXT_BIN) &&
    statSync(installed).mtimeMs >= statSync(lock).mtimeMs
  ) {
    return
  }
  log('installing the example’s dependencies (npm ci in examples/nextjs)…')
  await run('npm', ['ci', '--no-audit', '--no-fund'], EXAMPLE_DIR)
}

/** `next build`: the app is built once and configured when it starts (see lib/wix-config.ts). */
export async function buildExample(log: (line: string) => void = console.log) {
  log('building the Next.js app (next build)…')
  await run(process.execPath, [NEXT_BIN, 'build'], EXAMPLE_DIR)
}

/** Run a command to completion; its output is kept and shown only if it fails. */
function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const output: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk))
    child.once('error', reject)
    child.once('close', (code) => {
      if (code === 0) resolve()
      else {
        const text = Buffer.concat(output).toString('utf8')
        reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}) in ${cwd}:\n${text}`))
      }
    })
  })
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    return entry.isDirectory() ? filesUnder(path) : [path]
  })
}
