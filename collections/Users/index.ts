import type { CollectionConfig } from 'payload'

import { authenticated } from '../../access/authenticated'
import { isAdmin, isAdminField, isAdminOrSelf, ROLES } from '../../access/roles'
import { makeFirstUserAdmin } from './hooks/makeFirstUserAdmin'

/** Accounts that log in to the admin panel. Private: never readable without a login. */
export const Users: CollectionConfig<'users'> = {
  slug: 'users',
  access: {
    create: isAdmin,
    delete: isAdmin,
    read: authenticated,
    update: isAdminOrSelf,
  },
  admin: {
    defaultColumns: ['name', 'email', 'roles'],
    useAsTitle: 'email',
  },
  auth: true,
  fields: [
    {
      name: 'name',
      type: 'text',
    },
    {
      name: 'roles',
      type: 'select',
      access: {
        create: isAdminField,
        update: isAdminField,
      },
      defaultValue: ['editor'],
      hasMany: true,
      options: ROLES.map((role) => ({ label: role[0]!.toUpperCase() + role.slice(1), value: role })),
      required: true,
      saveToJWT: true,
    },
  ],
  hooks: {
    beforeChange: [makeFirstUserAdmin],
  },
}
