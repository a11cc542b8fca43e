/** The facts about the machine a benchmark run needs beside its figures. */
import os from 'node:os'

export interface MachineFacts {
  cpuModel: string
  cpuCount: number
  /** As `os.cpus()` reports it. */
  cpuMhz: number
  memoryGiB: number
  os: string
  node: string
  chromium: string
  /** 1-, 5- and 15-minute load averages when the run started: the machine is shared. */
  loadAverage: number[]
}

export function machineFacts(chromiumVersion: string): MachineFacts {
  const cpus = os.cpus()
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    cpuMhz: cpus[0]?.speed ?? 0,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium: chromiumVersion,
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
  }
}
