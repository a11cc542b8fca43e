/**
 * What `npm pack` would publish: the built entry points, their types, the README and the
 * license, and nothing else (no sources, tests, docs or source maps).
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))

it('publishes only the built package, its types, README and license', () => {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
  })
  const [pack] = JSON.parse(output.toString()) as [{ files: { path: string }[] }]
  const files = pack.files.map((file) => file.path).sort()
  const strays = files.filter(
    (path) =>
      !['README.md', 'LICENSE', 'package.json'].includes(path) &&
      !/^dist\/.+\.(js|d\.ts)$/.test(path),
  )
  expect(strays).toEqual([])

  const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
    exports: Record<string, string | { types: string; default: string }>
  }
  for (const target of Object.values(manifest.exports)) {
    const paths = typeof target === 'string' ? [target] : [target.types, target.default]
    for (const path of paths) expect(files).toContain(path.replace(/^\.\//, ''))
  }
})
