/**
 * One cookie value spread over numbered cookies, and joined back only when every chunk
 * comes from the same write. Cookies have no transaction: a reader can land between two
 * writes and find new chunks beside old ones, whose join would be a well-formed record
 * holding halves of two tokens. So each chunk starts with the number of chunks and a
 * digest of the whole value (`<count>.<digest>.<slice>`), and a join whose chunks disagree,
 * or whose digest does not match, is refused.
 */
import { COOKIE_SIZE_LIMIT } from './cookie-header'

/**
 * The most chunks written or read. The largest record the session accepts (two tokens of
 * 16 KiB) takes 12 with ordinary attributes; 16 leaves room for a long name or domain.
 */
export const MAX_COOKIE_CHUNKS = 16

/** The longest chunk header, `16.0123abcd.`: what each chunk gives up of its room. */
export const CHUNK_HEADER_LENGTH = String(MAX_COOKIE_CHUNKS).length + 10

const CHUNK_HEADER = /^([0-9]{1,3})\.([0-9a-f]{8})\./

/** `value` in chunks of at most `room` characters each, headers included. */
export function splitValue(value: string, room: number): string[] {
  const slice = room - CHUNK_HEADER_LENGTH
  const count = slice > 0 ? Math.ceil(value.length / slice) : Number.POSITIVE_INFINITY
  if (count > MAX_COOKIE_CHUNKS) {
    throw new RangeError(
      `headless-session: the session record (${value.length} bytes encoded) needs more than ${MAX_COOKIE_CHUNKS} cookies of ${COOKIE_SIZE_LIMIT} bytes`,
    )
  }
  const header = `${count}.${digest(value)}.`
  return Array.from(
    { length: count },
    (_, index) => `${header}${value.slice(index * slice, (index + 1) * slice)}`,
  )
}

/**
 * The value chunks 0 to N-1 hold together, N being what chunk 0 says; chunks past N are
 * left from a larger write and ignored. Never throws: anything else is a reason.
 */
export function joinChunks(
  chunks: ReadonlyMap<number, string>,
): { value: string } | { reason: string } {
  const first = chunks.get(0)
  if (first === undefined) return { reason: 'chunk 0 is missing' }
  const header = CHUNK_HEADER.exec(first)
  if (!header) return { reason: 'chunk 0 has no chunk header' }
  const count = Number(header[1])
  if (count < 2 || count > MAX_COOKIE_CHUNKS)
    return { reason: `its chunk count, ${count}, makes no sense` }
  const prefix = header[0]
  const parts: string[] = []
  for (let index = 0; index < count; index++) {
    const part = chunks.get(index)
    if (part === undefined) return { reason: `chunk ${index} of ${count} is missing` }
    if (part.length > COOKIE_SIZE_LIMIT) return { reason: `chunk ${index} is longer than a cookie` }
    if (!part.startsWith(prefix)) return { reason: 'its chunks come from different writes' }
    parts.push(part.slice(prefix.length))
  }
  const value = parts.join('')
  if (digest(value) !== header[2]) return { reason: 'its chunks do not match their digest' }
  return { value }
}

/**
 * FNV-1a, 32 bits, as 8 hex digits: enough to tell two writes apart. Not a defence
 * against forgery (whoever can write the cookie can compute it); the session validates
 * the record itself.
 */
function digest(text: string): string {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, '0')
}
