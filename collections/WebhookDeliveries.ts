import type { CollectionConfig } from 'payload'

import { isAdmin } from '../access/roles'
import { WEBHOOK_EVENTS } from '../src/webhooks/events'

/** Nobody writes the log by hand: the delivery task does, with overrideAccess. */
const nobody = () => false

/**
 * One row per message sent to one webhook: what it carries, and how its delivery went (status, attempts, the
 * last HTTP status and error). Written by the delivery task (src/webhooks/deliver.ts); admins read it in the
 * panel and may delete old rows.
 */
export const WebhookDeliveries: CollectionConfig<'webhook-deliveries'> = {
  slug: 'webhook-deliveries',
  access: {
    create: nobody,
    delete: isAdmin,
    read: isAdmin,
    update: nobody,
  },
  admin: {
    defaultColumns: ['event', 'documentId', 'status', 'attempts', 'lastStatus', 'updatedAt'],
    group: 'Webhooks',
    useAsTitle: 'messageId',
  },
  defaultSort: '-createdAt',
  fields: [
    {
      name: 'webhook',
      type: 'relationship',
      index: true,
      relationTo: 'webhooks',
    },
    {
      name: 'messageId',
      type: 'text',
      admin: { description: 'The webhook-id header: the same on every attempt, so receivers can drop repeats.' },
      required: true,
    },
    {
      name: 'event',
      type: 'select',
      options: WEBHOOK_EVENTS.map((event) => ({ label: event, value: event })),
      required: true,
    },
    {
      name: 'documentId',
      type: 'text',
      index: true,
      required: true,
    },
    {
      name: 'status',
      type: 'select',
      defaultValue: 'pending',
      options: [
        { label: 'Pending', value: 'pending' },
        { label: 'Retrying', value: 'retrying' },
        { label: 'Delivered', value: 'delivered' },
        { label: 'Failed', value: 'failed' },
      ],
      required: true,
    },
    {
      name: 'attempts',
      type: 'number',
      defaultValue: 0,
      required: true,
    },
    {
      name: 'lastStatus',
      type: 'number',
      admin: { description: 'The HTTP status of the last answer, if one came.' },
    },
    {
      name: 'lastError',
      type: 'text',
    },
    {
      name: 'deliveredAt',
      type: 'date',
      admin: { date: { pickerAppearance: 'dayAndTime' } },
    },
    {
      name: 'body',
      type: 'json',
      admin: { description: 'The message, sent unchanged on every attempt.' },
      required: true,
    },
  ],
}
