import { join } from 'node:path'
import type { NextConfig } from 'next'

// This example takes headless-session from the repository it lives in (`file:../..`), a
// folder above this one: the bundler and the output tracing must be allowed to read it.
// An app that installs headless-session from npm needs none of this.
const repository = join(__dirname, '..', '..')

const nextConfig: NextConfig = {
  turbopack: { root: repository },
  outputFileTracingRoot: repository,
}

export default nextConfig
