import type { CollectionConfig } from 'payload'

import { isAdmin, isAdminField } from '../../access/roles'
import { WEBHOOK_EVENTS } from '../../src/webhooks/events'
import { generateSecret } from './hooks/generateSecret'
import { validateWebhookSecret } from './validateSecret'
import { validateWebhookUrl } from './validateUrl'

/**
 * Where content events are sent (src/webhooks): a URL, the events it wants and the secret deliveries are signed
 * with. Admins only, through every door: the secret signs what receivers trust.
 */
export const Webhooks: CollectionConfig<'webhooks'> = {
  slug: 'webhooks',
  access: {
    create: isAdmin,
    delete: isAdmin,
    read: isAdmin,
    update: isAdmin,
  },
  admin: {
    defaultColumns: ['url', 'events', 'active'],
    description: 'Signed HTTP notifications of published changes. Deliveries are logged under Webhook Deliveries.',
    group: 'Webhooks',
    useAsTitle: 'url',
  },
  fields: [
    {
      name: 'url',
      type: 'text',
      admin: { description: 'http:// or https://; private and loopback addresses are refused.' },
      required: true,
      validate: validateWebhookUrl,
    },
    {
      name: 'events',
      type: 'select',
      hasMany: true,
      options: WEBHOOK_EVENTS.map((event) => ({ label: event, value: event })),
      required: true,
    },
    {
      name: 'secret',
      type: 'text',
      access: { read: isAdminField },
      admin: {
        description: 'Signs every delivery (Standard Webhooks, whsec_…). Leave empty to have one generated.',
      },
      hooks: { beforeValidate: [generateSecret] },
      validate: validateWebhookSecret,
    },
    {
      name: 'active',
      type: 'checkbox',
      defaultValue: true,
    },
  ],
}
