/**
 * `session.fetch`, loaded on first use. ofetch is a third of the library's own weight and
 * only apps that call `session.fetch` need it, so its code is a chunk of its own that an
 * app's bundler loads the first time a request is made (every call returns a promise
 * anyway). Apps that never call it never download it.
 */
import type { $Fetch, CreateFetchOptions, FetchOptions } from 'ofetch'
import type { SessionFetchDeps } from './session-fetch'

/** An ofetch instance whose every method waits for `load()` first. */
function deferredFetch(load: () => Promise<$Fetch>): $Fetch {
  let instance: Promise<$Fetch> | undefined
  const ready = () => {
    instance ??= load()
    // A failed load (a chunk that could not be fetched) is tried again on the next call.
    instance.catch(() => {
      instance = undefined
    })
    return instance
  }
  const $fetch = ((request, options) =>
    ready().then((loaded) => loaded(request, options))) as $Fetch
  $fetch.raw = ((request, options) =>
    ready().then((loaded) => loaded.raw(request, options))) as $Fetch['raw']
  $fetch.native = (input, init) => ready().then((loaded) => loaded.native(input, init))
  $fetch.create = (defaults: FetchOptions, globalOptions?: CreateFetchOptions) =>
    deferredFetch(() => ready().then((loaded) => loaded.create(defaults, globalOptions)))
  return $fetch
}

/** The session's authorised ofetch instance, loaded on its first call. */
export function lazySessionFetch(deps: SessionFetchDeps): $Fetch {
  return deferredFetch(() =>
    import('./session-fetch').then(({ createSessionFetch }) => createSessionFetch(deps)),
  )
}
