import { randomUUID } from 'node:crypto'
import type { MockEmail, MockMember } from './mock-members.types'

/** A member as the mock keeps them: what was configured, plus what happened since. */
export interface MemberEntry {
  id: string
  email: string
  password: string
  profile: NonNullable<MockMember['profile']>
  createdAt: string
  needsEmailVerification: boolean
  needsOwnerApproval: boolean
  mustResetPassword: boolean
}

/** What stands between a member and a session, in the order Wix asks for it. */
export type MemberHold = 'REQUIRE_EMAIL_VERIFICATION' | 'REQUIRE_OWNER_APPROVAL' | null

export function holdOf(member: MemberEntry): MemberHold {
  if (member.needsEmailVerification) return 'REQUIRE_EMAIL_VERIFICATION'
  if (member.needsOwnerApproval) return 'REQUIRE_OWNER_APPROVAL'
  return null
}

/** The site's members, by e-mail (case-insensitive) and by ID. */
export class MemberDirectory {
  private readonly byEmail = new Map<string, MemberEntry>()
  private readonly ids = new Set<string>()

  /** Throws a TypeError for a malformed member or one whose e-mail or ID is taken. */
  add(member: MockMember): MemberEntry {
    const checked = checkedMember(member)
    const key = checked.email.toLowerCase()
    if (this.byEmail.has(key)) throw new TypeError(`a member with e-mail ${checked.email} exists`)
    const id = checked.id ?? randomUUID()
    if (this.ids.has(id)) throw new TypeError(`a member with ID ${id} exists`)
    const entry: MemberEntry = {
      id,
      email: checked.email,
      password: checked.password,
      profile: { ...checked.profile },
      createdAt: new Date().toISOString(),
      needsEmailVerification: checked.requireEmailVerification === true,
      needsOwnerApproval: checked.requireOwnerApproval === true,
      mustResetPassword: checked.mustResetPassword === true,
    }
    this.byEmail.set(key, entry)
    this.ids.add(id)
    return entry
  }

  find(email: string | null | undefined): MemberEntry | undefined {
    return typeof email === 'string' ? this.byEmail.get(email.toLowerCase()) : undefined
  }

  findById(id: string): MemberEntry | undefined {
    for (const member of this.byEmail.values()) if (member.id === id) return member
    return undefined
  }

  /** Throws for an unknown e-mail, so a typo in a test fails where it is made. */
  require(email: string): MemberEntry {
    const member = this.find(email)
    if (!member) throw new TypeError(`no member with e-mail ${email}`)
    return member
  }
}

function checkedMember(input: unknown): MockMember {
  if (typeof input !== 'object' || input === null) throw new TypeError('member must be an object')
  const member = input as Record<string, unknown>
  if (typeof member.email !== 'string' || !member.email.includes('@')) {
    throw new TypeError('member.email must be an e-mail address')
  }
  if (typeof member.password !== 'string' || member.password === '') {
    throw new TypeError('member.password must be a non-empty string')
  }
  if (member.id !== undefined && (typeof member.id !== 'string' || member.id === '')) {
    throw new TypeError('member.id must be a non-empty string')
  }
  for (const flag of ['requireEmailVerification', 'requireOwnerApproval', 'mustResetPassword']) {
    if (member[flag] !== undefined && typeof member[flag] !== 'boolean') {
      throw new TypeError(`member.${flag} must be a boolean`)
    }
  }
  if (member.profile !== undefined && (typeof member.profile !== 'object' || !member.profile)) {
    throw new TypeError('member.profile must be an object')
  }
  return member as unknown as MockMember
}

/** The e-mails the mock "sends", so a test can read them as a member would. */
export class Outbox {
  private readonly sent: MockEmail[] = []

  send(email: Omit<MockEmail, 'id' | 'sentAt'>): MockEmail {
    const record = Object.freeze({ ...email, id: this.sent.length + 1, sentAt: Date.now() })
    this.sent.push(record)
    return record
  }

  snapshot(): readonly MockEmail[] {
    return Object.freeze([...this.sent])
  }

  latestCode(to: string): string | null {
    const address = to.toLowerCase()
    const mail = this.sent.findLast(
      (candidate) => candidate.kind === 'verification' && candidate.to.toLowerCase() === address,
    )
    return mail?.code ?? null
  }
}
