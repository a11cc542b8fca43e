import type { Metadata } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'
import './styles.css'

export const metadata: Metadata = {
  title: 'headless-session on Next.js',
  description: 'One Wix visitor from the first server render to every tab',
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header>
          <Link href="/">headless-session on Next.js</Link>
          <nav>
            <Link href="/">Session</Link>
            <Link href="/account">Wix API call</Link>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  )
}
