import type { CollectionConfig } from 'payload'

import { authenticated } from '../../access/authenticated'
import { isAdmin, isAdminField, isAdminOrSelf, isAdminOrSelfField, ROLES } from '../../access/roles'
import { getSettings } from '../../src/settings'
import { defaultRoles } from './defaultRoles'
import { equaliseFailedLogins } from './hooks/equaliseFailedLogins'
import { limitAuthAttempts } from './hooks/limitAuthAttempts'
import { makeFirstUserAdmin } from './hooks/makeFirstUserAdmin'

/** Accounts that log in to the admin panel. Private: never readable without a login. */
export const Users: CollectionConfig<'users'> = {
  slug: 'users',
  access: {
    create: isAdmin,
    delete: isAdmin,
    read: authenticated,
    unlock: isAdmin,
    update: isAdminOrSelf,
  },
  admin: {
    defaultColumns: ['name', 'email', 'roles', 'author'],
    useAsTitle: 'email',
  },
  auth: {
    cookies: {
      // Session cookies only over HTTPS in production (TLS ends at the proxy in front).
      sameSite: 'Lax',
      secure: getSettings().isProduction,
    },
    forgotPassword: {
      // Payload's per-account interval (15 s by default) reserves the account with a write made outside the
      // request's transaction (payload/dist/auth/operations/forgotPassword.js). On SQLite that transaction already
      // holds the database's write lock (libsql begins it IMMEDIATE, on a connection of its own), so the write
      // waited out the busy timeout, blocking the event loop, and failed: every forgot-password answered 500.
      // With 0, the operation reads and writes inside its transaction; limitAuthAttempts still limits per client.
      minRequestInterval: 0,
    },
    // Brute-force brake: five wrong passwords lock the account for ten minutes (admins can unlock).
    lockTime: 10 * 60 * 1000,
    maxLoginAttempts: 5,
    // Server-side sessions (Payload's default, stated so it stays on): logging out revokes the token itself,
    // not just the cookie, so a stolen token dies with the session.
    useSessions: true,
  },
  fields: [
    {
      name: 'name',
      type: 'text',
    },
    {
      name: 'roles',
      type: 'select',
      // Only admins change roles, their own included.
      access: {
        create: isAdminField,
        update: isAdminField,
      },
      // What the account will get, so the first-user screen shows "Admin" (makeFirstUserAdmin enforces it).
      defaultValue: defaultRoles,
      hasMany: true,
      options: ROLES.map((role) => ({ label: role[0].toUpperCase() + role.slice(1), value: role })),
      required: true,
      saveToJWT: true,
    },
    {
      name: 'author',
      type: 'relationship',
      // The byline a writer writes under: what they may edit depends on it, so only admins set it.
      access: {
        create: isAdminField,
        update: isAdminField,
      },
      admin: { description: 'The author profile this account writes as.' },
      relationTo: 'authors',
      saveToJWT: true,
    },
    {
      // Payload's own field (auth.useSessions), merged with this by name: its ids, creation and expiry times are the
      // account's owner's and the admins' to see (Payload shows them to the owner only). Nobody writes them by hand.
      name: 'sessions',
      type: 'array',
      access: {
        read: isAdminOrSelfField,
        update: () => false,
      },
      admin: { disabled: true },
      fields: [],
    },
  ],
  hooks: {
    beforeChange: [makeFirstUserAdmin],
    // After the input checks every collection runs first (plugins/apiGuards).
    beforeOperation: [limitAuthAttempts, equaliseFailedLogins],
  },
}
