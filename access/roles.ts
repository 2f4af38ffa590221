import type { Access, FieldAccess } from 'payload'

/** The roles a Newsdesk user can hold; `admin` manages users, `editor` works on content. */
export const ROLES = ['admin', 'editor'] as const
export type Role = (typeof ROLES)[number]

/**
 * Whether a user holds a role. Pure, so hooks and field access reuse it.
 *
 * @param user - the request's user (any auth collection) or null/undefined when anonymous.
 * @param role - one of {@link ROLES}.
 */
export function hasRole(user: { roles?: null | readonly string[] } | null | undefined, role: Role): boolean {
  return Boolean(user?.roles?.includes(role))
}

/** Only admins may do this. */
export const isAdmin: Access = ({ req: { user } }) => hasRole(user, 'admin')

/** Field-level twin of {@link isAdmin}. */
export const isAdminField: FieldAccess = ({ req: { user } }) => hasRole(user, 'admin')

/** Admins may act on any user; everyone else only on their own account. */
export const isAdminOrSelf: Access = ({ req: { user } }) => {
  if (!user) {
    return false
  }
  if (hasRole(user, 'admin')) {
    return true
  }
  return { id: { equals: user.id } }
}
