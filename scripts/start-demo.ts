/**
 * `npm start`: the live demo. Starts the mock Wix server and serves the demo page with the
 * devtools panel, prints its URL and runs until Ctrl-C. With WIX_CLIENT_ID set the page
 * talks to Wix's real token endpoint instead.
 */
import { DEMO_TOKEN_LIFETIME_S, startDemo } from '../demo/start-demo'

const wixClientId = process.env.WIX_CLIENT_ID?.trim() || undefined
const port = process.env.PORT ? Number(process.env.PORT) : undefined
const demo = await startDemo({ wixClientId, ...(port === undefined ? {} : { port }) })

console.log(
  [
    '',
    `  headless-session live demo: ${demo.url}`,
    '',
    demo.mock
      ? `  token endpoint: the mock Wix server at ${demo.mock.url} (tokens live ${DEMO_TOKEN_LIFETIME_S} s)`
      : `  token endpoint: Wix (client ID ${wixClientId})`,
    demo.mock ? '  set WIX_CLIENT_ID=… to use Wix instead' : '',
    '  the Node run without a browser: npm run start:node',
    '  stop with Ctrl-C',
    '',
  ]
    .filter((line, index, lines) => line !== '' || lines[index - 1] !== '')
    .join('\n'),
)

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await demo.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
