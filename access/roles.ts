import type { Access, FieldAccess } from 'payload'

/**
 * The roles a Newsdesk user can hold. `writer` drafts articles under their own byline; `editor` works on all
 * content and publishes; `admin` also manages users.
 */
export const ROLES = ['admin', 'editor', 'writer'] as const
export type Role = (typeof ROLES)[number]

/** What the predicates need to know of a user: any auth collection's user fits. */
export type RoleHolder = { author?: unknown; id?: number | string; roles?: null | readonly string[] } | null | undefined

/**
 * Whether a user holds a role. Pure, so hooks and field access reuse it.
 *
 * @param user - the request's user, or null/undefined when anonymous.
 * @param role - one of {@link ROLES}.
 */
export function hasRole(user: RoleHolder, role: Role): boolean {
  return Boolean(user?.roles?.includes(role))
}

/** Editors and admins: the people who may publish. */
export function isEditorial(user: RoleHolder): boolean {
  return hasRole(user, 'editor') || hasRole(user, 'admin')
}

/** Only admins may do this. */
export const isAdmin: Access = ({ req: { user } }) => hasRole(user, 'admin')

/** Field-level twin of {@link isAdmin}. */
export const isAdminField: FieldAccess = ({ req: { user } }) => hasRole(user, 'admin')

/** Editors and admins may do this. */
export const isEditor: Access = ({ req: { user } }) => isEditorial(user)

/** Field-level: any logged-in user (staff) may read this; anonymous readers never see it. */
export const isStaffField: FieldAccess = ({ req: { user } }) => Boolean(user)

/** Field-level: admins may read this on any account; everyone else only on their own (`doc` is the account). */
export const isAdminOrSelfField: FieldAccess = ({ doc, req: { user } }) =>
  hasRole(user, 'admin') || (Boolean(user) && String(user?.id) === String((doc as { id?: unknown } | undefined)?.id))

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
