/**
 * What the doc generators share: write a generated doc, or with `--check` only report
 * whether the checked-in one is stale (exit code 1 when it is).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** `doc` is the path from the repository root; `command` is how to regenerate it. */
export function writeOrCheckDoc(doc: string, fresh: string, command: string): void {
  const path = fileURLToPath(new URL(`../${doc}`, import.meta.url))
  if (process.argv.includes('--check')) {
    if (readFileSync(path, 'utf8') !== fresh) {
      console.error(`${doc} is stale: run ${command}`)
      process.exit(1)
    }
    console.log(`${doc} is up to date`)
  } else {
    writeFileSync(path, fresh)
    console.log(`wrote ${doc}`)
  }
}
