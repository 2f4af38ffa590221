import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { ImportInputError, listDocuments } from '../../seed/formats/readSource'

let root: string

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-list-'))
  await mkdir(path.join(root, 'a/b'), { recursive: true })
  await mkdir(path.join(root, '.hidden'))
  await mkdir(path.join(root, 'elsewhere'))
  await writeFile(path.join(root, 'a/one.txt'), 'x')
  await writeFile(path.join(root, 'a/b/two.MD'), 'x')
  await writeFile(path.join(root, 'a/b/three.html'), 'x')
  await writeFile(path.join(root, 'a/notes.docx'), 'x')
  await writeFile(path.join(root, '.hidden/secret.txt'), 'x')
  await writeFile(path.join(root, 'elsewhere/linked.txt'), 'x')
  await symlink(path.join(root, 'elsewhere/linked.txt'), path.join(root, 'a/link.txt'))
  await symlink(path.join(root, 'elsewhere'), path.join(root, 'a/folder-link'))
})

afterAll(async () => {
  await rm(root, { force: true, recursive: true })
})

it('should list documents recursively, follow links to files, and report every other file it skips', async () => {
  const skipped: string[] = []
  const files = await listDocuments([path.join(root, 'a')], {
    onSkip: (file) => skipped.push(path.relative(root, file)),
  })
  expect(files.map((file) => path.relative(root, file))).toEqual([
    'a/b/three.html',
    'a/b/two.MD',
    'a/link.txt',
    'a/one.txt',
  ])
  expect(skipped.sort()).toEqual(['a/folder-link', 'a/notes.docx'])
})

it('should leave hidden folders out', async () => {
  const files = await listDocuments([root])
  expect(files.some((file) => file.includes('.hidden'))).toBe(false)
})

it('should refuse a named file of another type', async () => {
  await expect(listDocuments([path.join(root, 'a/notes.docx')])).rejects.toBeInstanceOf(ImportInputError)
})
