/**
 * Generated Markdown goes through the project's formatter (Biome, which also formats the
 * code blocks inside), so that `npm run lint` and the staleness tests agree on one text.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))

/** `markdown` as Biome would write it at `path` (relative to the repository). */
export function formatMarkdown(markdown: string, path: string): string {
  return execFileSync(`${root}node_modules/.bin/biome`, ['format', `--stdin-file-path=${path}`], {
    cwd: root,
    input: markdown,
    encoding: 'utf8',
  })
}
