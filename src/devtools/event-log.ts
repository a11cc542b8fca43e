/** The panel's event log: a bounded list, newest last. */

export type LogKind = 'state' | 'event' | 'emitted' | 'tab'

export interface LogEntry {
  /** Epoch ms. */
  at: number
  kind: LogKind
  text: string
}

/** Entries kept by default: enough for several refresh cycles of every kind. */
export const DEFAULT_LOG_SIZE = 300

export function createEventLog(size = DEFAULT_LOG_SIZE) {
  let entries: LogEntry[] = []
  let revision = 0
  return {
    add(entry: LogEntry) {
      revision += 1
      entries.push(entry)
      if (entries.length > size) entries = entries.slice(-size)
    },
    entries: (): readonly LogEntry[] => entries,
    /** Changes whenever the entries do, so a view can skip redrawing. */
    revision: () => revision,
    clear() {
      revision += 1
      entries = []
    },
  }
}

export type EventLog = ReturnType<typeof createEventLog>
