/**
 * `npm run example:nextjs`: examples/nextjs served against the mock Wix server. Builds
 * the library if needed, installs the example's dependencies if missing, builds the app,
 * starts the mock server and `next start` on 127.0.0.1, prints both URLs and runs until
 * Ctrl-C. With WIX_CLIENT_ID set it talks to Wix instead (no mock); then SITE_URL, if set,
 * is the address the app is reached at (its /auth/callback must be allow-listed).
 * `npm run example:nextjs -- --dev` serves it with `next dev` instead (no build; the app
 * reloads as you edit it).
 */
import { buildExample, ensureExampleInstalled, ensureLibraryBuilt } from './example-nextjs/prepare'
import { EXAMPLE_MEMBER, startExample } from './example-nextjs/start'

const wixClientId = process.env.WIX_CLIENT_ID?.trim() || undefined
const siteUrl = process.env.SITE_URL?.trim() || undefined
const port = process.env.PORT ? Number(process.env.PORT) : undefined
const dev = process.argv.includes('--dev')

await ensureLibraryBuilt()
await ensureExampleInstalled()
if (!dev) await buildExample()
const example = await startExample({
  dev,
  ...(wixClientId ? { wixClientId } : {}),
  ...(siteUrl ? { siteUrl } : {}),
  ...(port === undefined ? {} : { port }),
})

console.log(
  [
    '',
    `  Next.js example (the page): ${example.url}`,
    example.mock
      ? `  mock Wix server:            ${example.mock.url}`
      : `  Wix:                        client ID ${wixClientId}`,
    example.mock
      ? `  member login:               ${EXAMPLE_MEMBER.email} / ${EXAMPLE_MEMBER.password}`
      : `  allowed redirect URI:       ${new URL('auth/callback', example.url)}`,
    example.mock ? '  set WIX_CLIENT_ID=… to use Wix instead (see examples/nextjs/README.md)' : '',
    '  stop with Ctrl-C',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n'),
)

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await example.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
