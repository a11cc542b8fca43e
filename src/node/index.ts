/**
 * headless-session/node: what only Node can offer. Re-exports only.
 */
export { createFileStore, SESSION_FILE_MODE } from './file-store'
