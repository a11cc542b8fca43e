/**
 * The package as a user installs it: each entry of the `exports` map resolves to built
 * ESM with its type declarations beside it. Needs `npm run build` (npm test builds first).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  exports: Record<string, { types: string; default: string } | string>
  sideEffects: boolean
  type: string
}

/** Each entry point, and a function it must export. */
const ENTRY_FUNCTIONS: Record<string, string> = {
  '.': 'createSession',
  './testing': 'startMockWixServer',
  './node': 'createFileStore',
  './wix-sdk': 'createWixAuth',
  './devtools': 'mountSessionDevtools',
  './members': 'createMemberAuth',
  './react': 'useSession',
  './server': 'createServerSessions',
}

describe('the published entry points', () => {
  it('is an ESM package with no side effects', () => {
    expect(manifest.type).toBe('module')
    expect(manifest.sideEffects).toBe(false)
  })

  it.each(Object.keys(ENTRY_FUNCTIONS))('exports %s with its types, built', (entry) => {
    const target = manifest.exports[entry]
    if (typeof target !== 'object') throw new Error(`no conditions for ${entry}`)
    expect(existsSync(`${root}${target.default}`), `${target.default} (run npm run build)`).toBe(
      true,
    )
    expect(existsSync(`${root}${target.types}`)).toBe(true)
  })

  it('loads each entry in plain Node by its package name', () => {
    const entries = Object.entries(ENTRY_FUNCTIONS)
    const script = `
      const kinds = []
      for (const [entry, name] of ${JSON.stringify(entries)}) {
        const module = await import(entry === '.' ? 'headless-session' : 'headless-session/' + entry.slice(2))
        kinds.push(typeof module[name])
      }
      console.log(JSON.stringify(kinds))
    `
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
    })
    expect(JSON.parse(output.toString())).toEqual(entries.map(() => 'function'))
  })

  it('lists every entry the manifest exports', () => {
    const published = Object.keys(manifest.exports).filter((entry) => entry !== './package.json')
    expect(Object.keys(ENTRY_FUNCTIONS).sort()).toEqual(published.sort())
  })
})
