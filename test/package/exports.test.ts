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

describe('the published entry points', () => {
  it('is an ESM package with no side effects', () => {
    expect(manifest.type).toBe('module')
    expect(manifest.sideEffects).toBe(false)
  })

  it.each(['.', './testing', './node', './wix-sdk', './devtools', './server'])(
    'exports %s with its types, built',
    (entry) => {
      const target = manifest.exports[entry]
      if (typeof target !== 'object') throw new Error(`no conditions for ${entry}`)
      expect(existsSync(`${root}${target.default}`), `${target.default} (run npm run build)`).toBe(
        true,
      )
      expect(existsSync(`${root}${target.types}`)).toBe(true)
    },
  )

  it('loads each entry in plain Node by its package name', () => {
    const script = `
      const main = await import('headless-session')
      const testing = await import('headless-session/testing')
      const node = await import('headless-session/node')
      const wix = await import('headless-session/wix-sdk')
      const devtools = await import('headless-session/devtools')
      const server = await import('headless-session/server')
      console.log(JSON.stringify([typeof main.createSession, typeof testing.startMockWixServer, typeof node.createFileStore, typeof wix.createWixAuth, typeof devtools.mountSessionDevtools, typeof server.createServerSessions]))
    `
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
    })
    expect(JSON.parse(output.toString())).toEqual([
      'function',
      'function',
      'function',
      'function',
      'function',
      'function',
    ])
  })
})
