/**
 * Every public export carries JSDoc with an example, and `docs/api.md` is what the
 * generator makes of them today (run `npm run docs:api` after changing an export).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { API_DOC, ENTRY_POINTS, readApi, renderApiDoc } from '../../scripts/api-reference'

const api = readApi()

describe('the API reference', () => {
  it('covers every entry point the package exports', () => {
    const manifest = JSON.parse(
      readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'),
    ) as { exports: Record<string, unknown> }
    const published = Object.keys(manifest.exports)
      .filter((entry) => entry !== './package.json')
      .map((entry) => (entry === '.' ? 'headless-session' : `headless-session/${entry.slice(2)}`))
    expect(ENTRY_POINTS.map((entry) => entry.name).sort()).toEqual(published.sort())
    expect(api.length).toBeGreaterThan(40)
  })

  it.each(api.map((item) => [`${item.entry} ${item.name}`, item] as const))(
    '%s has a JSDoc summary and an @example',
    (_, item) => {
      expect(item.summary, 'summary').not.toBe('')
      expect(item.examples.length, '@example').toBeGreaterThan(0)
    },
  )

  it('docs/api.md is up to date (run `npm run docs:api` if not)', () => {
    const checkedIn = readFileSync(
      fileURLToPath(new URL(`../../${API_DOC}`, import.meta.url)),
      'utf8',
    )
    expect(checkedIn).toBe(renderApiDoc(api))
  })
})
