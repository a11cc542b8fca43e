import { randomBytes, randomUUID } from 'node:crypto'
import type { MockTokenResponse } from './mock-wix-server.types'

export type SessionRole = 'visitor' | 'member'

/** Whose tokens these are. It never changes across refreshes. */
export interface TokenSubject {
  visitorId: string
  clientId: string
  role: SessionRole
  /**
   * One per mint or login; every token refreshed from it shares it. A logout revokes a
   * family, so the member's next login (same `visitorId`) still works.
   */
  familyId: string
}

export interface AccessTokenEntry extends TokenSubject {
  issuedAt: number
  expiresAt: number
}

interface RefreshTokenEntry extends TokenSubject {
  state: 'active' | 'spent' | 'revoked'
}

export type AccessTokenCheck =
  | { state: 'active'; token: Readonly<AccessTokenEntry> }
  | { state: 'unknown' | 'expired' | 'revoked' }

export type RefreshAttempt =
  | { ok: true; tokens: MockTokenResponse; subject: TokenSubject }
  | { ok: false; description: string; visitorId: string | null }

export interface TokenRegistrySettings {
  now: () => number
  rotateRefreshTokens: boolean
  accessTokenLifetime: number
}

// Enough entropy that a test cannot pass by guessing or reusing a token by accident.
const tokenBytes = 48

/** Every token the mock has issued, and whether each still works. */
export class TokenRegistry {
  accessTokenLifetime: number
  private readonly now: () => number
  private readonly rotateRefreshTokens: boolean
  private readonly accessTokens = new Map<string, AccessTokenEntry>()
  private readonly refreshTokens = new Map<string, RefreshTokenEntry>()
  private readonly revokedVisitors = new Set<string>()
  private readonly revokedFamilies = new Set<string>()

  constructor(settings: TokenRegistrySettings) {
    this.now = settings.now
    this.rotateRefreshTokens = settings.rotateRefreshTokens
    this.accessTokenLifetime = settings.accessTokenLifetime
  }

  /** `visitorId`: a member's stable ID; default a new visitor. */
  mintSession(
    clientId: string,
    role: SessionRole,
    visitorId: string = randomUUID(),
  ): { tokens: MockTokenResponse; subject: TokenSubject } {
    const subject: TokenSubject = { visitorId, clientId, role, familyId: randomUUID() }
    return { tokens: this.issue(subject, null), subject }
  }

  refresh(refreshToken: string, clientId: string | null): RefreshAttempt {
    const entry = this.refreshTokens.get(refreshToken)
    if (!entry) return { ok: false, description: 'Refresh token is not valid', visitorId: null }
    const { visitorId } = entry
    if (entry.state === 'spent') {
      return { ok: false, description: 'Refresh token was already used', visitorId }
    }
    if (entry.state === 'revoked' || this.isRevoked(entry)) {
      return { ok: false, description: 'Refresh token was revoked', visitorId }
    }
    if (clientId !== null && clientId !== entry.clientId) {
      return { ok: false, description: 'Refresh token was issued to another client', visitorId }
    }
    const { clientId: owner, role, familyId } = entry
    const subject: TokenSubject = { visitorId, clientId: owner, role, familyId }
    if (!this.rotateRefreshTokens)
      return { ok: true, tokens: this.issue(subject, refreshToken), subject }
    entry.state = 'spent'
    return { ok: true, tokens: this.issue(subject, null), subject }
  }

  visitorOfRefreshToken(refreshToken: string): string | null {
    return this.refreshTokens.get(refreshToken)?.visitorId ?? null
  }

  checkAccessToken(accessToken: string): AccessTokenCheck {
    const entry = this.accessTokens.get(accessToken)
    if (!entry) return { state: 'unknown' }
    if (this.isRevoked(entry)) return { state: 'revoked' }
    if (this.now() >= entry.expiresAt) return { state: 'expired' }
    return { state: 'active', token: entry }
  }

  revokeRefreshToken(refreshToken: string): void {
    const entry = this.refreshTokens.get(refreshToken)
    if (entry) entry.state = 'revoked'
  }

  revokeVisitor(visitorId: string): void {
    this.revokedVisitors.add(visitorId)
  }

  /** Every access and refresh token of one mint or login stops working. */
  revokeFamily(familyId: string): void {
    this.revokedFamilies.add(familyId)
  }

  private isRevoked(subject: TokenSubject): boolean {
    return this.revokedVisitors.has(subject.visitorId) || this.revokedFamilies.has(subject.familyId)
  }

  private issue(subject: TokenSubject, keptRefreshToken: string | null): MockTokenResponse {
    const accessToken = `OauthNG.JWS.${randomBytes(tokenBytes).toString('base64url')}`
    const issuedAt = this.now()
    const expiresIn = this.accessTokenLifetime
    this.accessTokens.set(accessToken, {
      ...subject,
      issuedAt,
      expiresAt: issuedAt + expiresIn * 1000,
    })
    const refreshToken = keptRefreshToken ?? `JWS.${randomBytes(tokenBytes).toString('base64url')}`
    if (keptRefreshToken === null)
      this.refreshTokens.set(refreshToken, { ...subject, state: 'active' })
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: expiresIn,
      refresh_token: refreshToken,
    }
  }
}
