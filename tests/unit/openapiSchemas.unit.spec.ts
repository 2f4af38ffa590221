import type { SanitizedConfig } from 'payload'

import { buildConfig } from 'payload'

import { collectionSchemas, STAFF_ONLY_NOTE } from '../../src/openapi/schemas'

// A config of its own, with each kind of field the document must treat apart: hidden at every depth, virtual
// (like the articles' contentHtml and jsonLd), staff-only, and a relationship to a collection it does not describe.
let config: SanitizedConfig
let schemas: ReturnType<typeof collectionSchemas>

beforeAll(async () => {
  config = await buildConfig({
    collections: [
      {
        slug: 'notes',
        fields: [
          { name: 'title', type: 'text', required: true },
          { name: 'searchTitle', type: 'text', hidden: true },
          { name: 'contentHtml', type: 'text', virtual: true },
          { name: 'jsonLd', type: 'json', virtual: true },
          { name: 'wordCount', type: 'number', admin: { readOnly: true } },
          { name: 'email', type: 'email', access: { read: ({ req }) => Boolean(req.user) } },
          {
            name: 'box',
            type: 'group',
            fields: [
              { name: 'inner', type: 'text', hidden: true },
              { name: 'kept', type: 'text' },
              { name: 'computed', type: 'text', admin: { readOnly: true } },
            ],
          },
          {
            name: 'rows',
            type: 'array',
            fields: [
              { name: 'key', type: 'text', hidden: true },
              { name: 'value', type: 'text' },
            ],
          },
          {
            type: 'tabs',
            tabs: [
              {
                name: 'seo',
                fields: [
                  { name: 'code', type: 'text', hidden: true },
                  { name: 'heading', type: 'text' },
                ],
              },
            ],
          },
          // Slugs of this config, not of the project's generated CollectionSlug type.
          { name: 'owner', type: 'relationship', relationTo: 'secrets' as never },
          { name: 'related', type: 'relationship', hasMany: true, relationTo: 'notes' as never },
          { name: 'relatedBy', type: 'join', collection: 'notes' as never, on: 'related' },
        ],
      },
      { slug: 'secrets', fields: [{ name: 'code', type: 'text' }] },
    ],
    // Never connected: the schemas need only the adapter's id type.
    db: { defaultIDType: 'number', init: () => ({}) } as never,
    secret: 'unit-test-secret',
  })
  schemas = collectionSchemas(config, ['notes'], (field) => field.name === 'email')
})

// any: schemas are read by path, as JSON.
const note = () => schemas.components.Note as Record<string, any>

describe('collection schemas for the OpenAPI document', () => {
  it.each([
    ['a top-level field', 'searchTitle', (schema: Record<string, any>) => schema.properties],
    ['a group', 'inner', (schema: Record<string, any>) => schema.properties.box.properties],
    ['an array row', 'key', (schema: Record<string, any>) => schema.properties.rows.items.properties],
    ['a named tab', 'code', (schema: Record<string, any>) => schema.properties.seo.properties],
  ])('should leave out a hidden field in %s (%s)', (_label, name, propertiesOf) => {
    expect(propertiesOf(note())).not.toHaveProperty(name)
  })

  it('should keep the visible fields beside them', () => {
    const { properties } = note()
    expect([
      properties.box.properties.kept,
      properties.rows.items.properties.value,
      properties.seo.properties.heading,
    ]).toEqual([{ type: ['string', 'null'] }, { type: ['string', 'null'] }, { type: ['string', 'null'] }])
  })

  it('should describe virtual fields as read-only strings and objects', () => {
    const { contentHtml, jsonLd } = note().properties
    expect(contentHtml).toEqual({ type: ['string', 'null'], readOnly: true })
    expect(jsonLd.readOnly).toBe(true)
    expect(jsonLd.type).toEqual(expect.arrayContaining(['object']))
  })

  it.each([
    ['wordCount', 'computed by hooks (read-only in the admin panel)'],
    ['relatedBy', 'a join'],
  ])('should describe %s, %s, as read-only', (name) => {
    expect(note().properties[name].readOnly).toBe(true)
  })

  it('should leave a read-only field inside a group out of the create body', () => {
    const { box } = schemas.collections.notes.create.properties as Record<string, any>
    expect([Object.keys(note().properties.box.properties), Object.keys(box.properties)]).toEqual([
      ['kept', 'computed'],
      ['kept'],
    ])
  })

  it('should not describe a field clients write as read-only', () => {
    expect(note().properties.title.readOnly).toBeUndefined()
  })

  it.each(['create', 'update'] as const)(
    'should leave read-only fields, ids and timestamps out of the %s body',
    (kind) => {
      expect(Object.keys(schemas.collections.notes[kind].properties as object)).toEqual([
        'title',
        'email',
        'box',
        'rows',
        'seo',
        'owner',
        'related',
      ])
    },
  )

  it('should require on create what the config requires, and nothing on update', () => {
    expect([schemas.collections.notes.create.required, schemas.collections.notes.update.required]).toEqual([
      ['title'],
      [],
    ])
  })

  it('should keep the required fields of a document read, and only its id once populated', () => {
    expect([note().required, schemas.components.NotePopulated.required]).toEqual([
      ['id', 'title', 'updatedAt', 'createdAt'],
      ['id'],
    ])
  })

  it('should point a relationship to a described collection at its populated schema', () => {
    expect(note().properties.related.items.oneOf).toEqual([
      { type: 'number' },
      { $ref: '#/components/schemas/NotePopulated' },
    ])
  })

  it('should not describe a collection only related to, nor refer to it', () => {
    expect(Object.keys(schemas.components).sort()).toEqual(['Note', 'NotePopulated'])
    expect(note().properties.owner.oneOf[1]).toEqual({
      type: 'object',
      description: 'A document of a collection this API description does not cover.',
    })
  })

  it('should note a field anonymous readers do not get', () => {
    expect(note().properties.email.description).toBe(STAFF_ONLY_NOTE)
  })

  it('should refuse a slug that is not a collection, naming it', () => {
    expect(() => collectionSchemas(config, ['nope'])).toThrow('"nope" is not a collection of this config.')
  })
})
