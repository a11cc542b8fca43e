/**
 * `npm run docs:api`: regenerate `docs/api.md` from the JSDoc of every public export. With
 * `--check` it only reports whether the checked-in file is stale (exit code 1 when it is).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { API_DOC, readApi, renderApiDoc } from './api-reference'

const path = fileURLToPath(new URL(`../${API_DOC}`, import.meta.url))
const fresh = renderApiDoc(readApi())

if (process.argv.includes('--check')) {
  if (readFileSync(path, 'utf8') !== fresh) {
    console.error(`${API_DOC} is stale: run npm run docs:api`)
    process.exit(1)
  }
  console.log(`${API_DOC} matches the code`)
} else {
  writeFileSync(path, fresh)
  console.log(`wrote ${API_DOC}`)
}
