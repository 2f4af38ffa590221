import type { Request, RequestHandler, Response } from 'express'
import type { OperationDefinitionNode } from 'graphql'
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'

import { Kind, OperationTypeNode, parse, stripIgnoredCharacters } from 'graphql'
import { LRUCache } from 'lru-cache'
import { createHash } from 'node:crypto'
import { IncomingMessage as NodeIncomingMessage } from 'node:http'
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib'

import { operationTypeOf } from '../../utilities/graphqlOperation'
import { jsonNestingProblem } from '../../utilities/jsonNesting'
import { mediaTypeOf } from '../../utilities/mediaType'
import { GRAPHQL_MAX_TOKENS } from '../graphqlLimits'
import { hasCredentials } from './credentials'

/** How the API's anonymous answers are cached here and described to caches in front (CDNs, browsers). */
export type CacheSettings = {
  /** Whether this process keeps answers in memory; the HTTP headers are the same either way. */
  isEnabled: boolean
  /** `Cache-Control: max-age` for browsers, in seconds. */
  maxAgeSeconds: number
  /** Bound of the in-memory cache, in bytes (bodies in every encoding, plus keys and headers). */
  maxBytes: number
  /** `Cache-Control: s-maxage` for shared caches (CDNs), in seconds. */
  sharedMaxAgeSeconds: number
  /** `Cache-Control: stale-while-revalidate`, in seconds. */
  staleSeconds: number
  /** How often, in milliseconds, this process looks for changes other processes made (src/contentWatch.ts). */
  syncMs: number
}

/** A stored answer: the body in each encoding with its strong validator, and the headers a miss sent. */
type Entry = {
  bodies: Record<Encoding, Buffer | undefined>
  etags: Record<Encoding, string>
  headers: Header[]
  /** The headers the middleware before the cache set on the miss (security headers, CORS), for hits it answers alone. */
  prelude: Header[]
  status: number
  storedAt: number
  /**
   * Per encoding, the header lines but those of one exchange, as `writeHead` takes them (name, value, name,
   * …); made on the first answer in that encoding ({@link wireLines}).
   */
  wire: Partial<Record<Encoding, Array<number | string | string[]>>>
}

type Header = [string, number | string | string[]]

/** A stored answer found for a request ahead of Express; only {@link ResponseCache.sendHit} looks inside. */
export type Hit = Entry

type Encoding = 'br' | 'gzip' | 'identity'

/** A 404 is kept this long, in seconds: a story about to be published must not stay missing for long. */
const NOT_FOUND_SECONDS = 5
/** An answer larger than this is served but not kept (a full-size image would push out hundreds of articles). */
const MAX_ENTRY_BYTES = 2 * 1024 * 1024
/** Bodies under this size are not compressed: the headers would outweigh the saving. */
const MIN_COMPRESS_BYTES = 512
/** Types worth compressing; images are compressed already. */
const COMPRESSIBLE = /^(?:application\/(?:[\w.+-]+\+)?(?:json|xml|javascript)|text\/)/u
/**
 * Headers that belong to one exchange, not to the stored answer: framing, the request id, the client's rate-limit
 * state. A hit gets them afresh; the other headers the middleware before the cache set (security headers) are
 * stored apart, for hits answered before that middleware runs.
 */
const PER_EXCHANGE = new Set([
  'age',
  'connection',
  'content-encoding',
  'content-length',
  'date',
  'etag',
  'keep-alive',
  'ratelimit',
  'ratelimit-policy',
  'retry-after',
  'set-cookie',
  'transfer-encoding',
  'x-request-id',
])
/** The share of the byte bound, 1/n, for the request URLs hits may be answered for ahead of the guards. */
const PASSED_SHARE = 16
/**
 * The largest GraphQL POST body the cache reads to see whether it is a query, in bytes: far above a frontend's
 * queries (the sample site's are under 1 KiB), far below what a mutation with a rich-text body may need.
 */
const GRAPHQL_READ_MAX_BYTES = 16 * 1024
/** Where a request whose body the cache read keeps that body, for {@link ResponseCache.requestFor}. */
const READ_BODY = Symbol('body read by the response cache')
/** The mount of the API: its paths may be hits ahead of Express without the page checks. */
const API_MOUNT = '/api'
/**
 * Request headers of Next's client router: such a request for a page's URL asks for an RSC payload, not the page's
 * HTML, so it is never stored under that URL nor answered from it.
 */
const ROUTER_HEADERS = [
  'next-action',
  'next-router-prefetch',
  'next-router-segment-prefetch',
  'next-router-state-tree',
  'next-url',
  'rsc',
]
/** The `Surrogate-Key` of every site page: a CDN purges them all on any change, as this cache drops them. */
const PAGES_KEY = 'pages'
/** Query parameters that make a page's answer one reader's own: a draft preview, or Next's RSC cache-buster. */
const PRIVATE_PAGE_PARAMS = ['_rsc', 'preview']
/** Collections whose documents readers see, with the singular Surrogate-Key prefix of one document. */
const PUBLIC_COLLECTIONS: Record<string, string> = {
  articles: 'article',
  authors: 'author',
  media: 'media',
  tags: 'tag',
}

/** The in-memory response cache in front of Payload's API, and how it learns of changes. */
export type ResponseCache = {
  /**
   * The stored answer a request may get before Express sees it (see {@link createResponseCache}), or undefined
   * when it is not such a hit; nothing is written either way.
   */
  findHit: (req: IncomingMessage) => Hit | undefined
  /** Express middleware for `/api`; mount it after the guards, so what is stored passed them. */
  handler: RequestHandler
  /** Drops every stored answer, and keeps answers read before this moment from being stored. */
  invalidate: () => void
  /**
   * Express middleware for the site's page paths (src/app/(site)): anonymous GET and HEAD reads of a page's HTML
   * are cached as API reads are; a draft preview (`?preview=`), a request with credentials and Next's client-router
   * requests (RSC payloads) never. Mount it after the guards and the pages' headers, on the paths it should hold.
   */
  pages: RequestHandler
  /**
   * The request to hand on to Next: `req` itself, or, when the cache read its body (a GraphQL POST it did not turn
   * into a read), a copy of `req` that yields that body again.
   */
  requestFor: (req: IncomingMessage) => IncomingMessage
  /**
   * Sends a hit {@link ResponseCache.findHit} found, on a response nothing was set on yet: its headers with
   * `requestId` as `X-Request-Id`, then its body, validator and encoding.
   */
  sendHit: (hit: Hit, req: IncomingMessage, res: ServerResponse, requestId: string) => void
  /** The number of stored answers and their size in bytes. */
  size: () => { bytes: number; entries: number }
  /** To call when a write transaction of this process ends: a change announced in it is now visible to reads. */
  transactionEnded: () => void
}

/**
 * Builds the response cache: anonymous GET and HEAD answers of the API, kept in memory (bounded by bytes, LRU) and
 * precompressed once (gzip and brotli, Node's zlib), served to the next anonymous reader with the same status,
 * body and headers as the miss, fresh `Date`, `Age` and request id aside. Every anonymous answer gets a strong
 * `ETag` (a matching `If-None-Match` gets 304), `Cache-Control` (public for 200 and 404, short for 404) and
 * `Surrogate-Key`/`Cache-Tag` naming the documents in it, so a CDN can purge exactly what changed; logged-in
 * users' answers get `Cache-Control: private, no-store`.
 *
 * Never stored: requests with credentials (an `Authorization` header, draft preview tokens included, or Payload's
 * session cookie), method overrides, `Range` requests, an `Origin` the API does not allow, answers other than 200
 * and 404, answers that set cookies or come encoded already. The query string is put in one normal form
 * (parameters in key order, the values of one key in their order, encoding normalised) and the request is handed
 * to Payload in that form, so whatever maps to one entry is exactly the answer for that entry's URL: reordered or
 * re-encoded parameters cannot poison another URL.
 *
 * Hits: {@link ResponseCache.findHit} finds, and {@link ResponseCache.sendHit} answers, ahead of Express, an
 * anonymous GET or HEAD whose URL, byte for byte and with the same `Origin`, already passed the guards in front
 * of {@link ResponseCache.handler} and led to a stored answer since the last change; the hit carries the headers
 * the miss got from the middleware before the cache as well as its own. The guards decide on the method, the URL and headers this checks again (credentials,
 * method overrides), so the same request would pass them again. Any other request goes through Express and
 * its guards. Hits do not count against the API rate limit and carry no `RateLimit` headers: the limit bounds the
 * work a client makes Payload and the database do, and a hit does none.
 *
 * GraphQL over POST: an anonymous JSON POST to `/api/graphql` of at most {@link GRAPHQL_READ_MAX_BYTES} whose
 * operation is a query is answered as the same read over GET (src/graphqlRoute.ts answers a GET as that POST), so
 * both share one entry; the query is keyed without insignificant whitespace and comments, the variables in JSON's
 * compact form. Any other POST is handed on with its body as it came ({@link ResponseCache.requestFor}).
 *
 * Invalidation: {@link ResponseCache.invalidate} on every content event (src/contentEvents.ts) drops every entry.
 * Content events fire inside the write's transaction, so the cache drops everything again when that transaction
 * ends ({@link ResponseCache.transactionEnded}), and an answer whose read began before either drop is never stored:
 * no read of the old state outlives the commit.
 *
 * @param args.corsOrigins - the API's allowed origins (`'*'` or a list), as Payload's config has them.
 * @param args.settings - see {@link CacheSettings}.
 * @returns the cache; see {@link ResponseCache}.
 */
export function createResponseCache({
  corsOrigins,
  settings,
}: {
  corsOrigins: '*' | string[]
  settings: CacheSettings
}): ResponseCache {
  const entries = new LRUCache<string, Entry>({
    maxSize: settings.maxBytes,
    sizeCalculation: (entry, key) =>
      key.length + Object.values(entry.bodies).reduce((sum, body) => sum + (body?.length ?? 0), 0) + 1024,
  })
  // Request URLs, as they came, that passed the guards and map to a stored answer: what findHit may find.
  const passed = new LRUCache<string, string>({
    maxSize: Math.max(1, Math.floor(settings.maxBytes / PASSED_SHARE)),
    sizeCalculation: (key, url) => url.length + key.length + 64,
  })
  let generation = 0
  let hasPendingChange = false
  const clear = () => {
    generation += 1
    entries.clear()
    passed.clear()
  }
  const invalidate = () => {
    hasPendingChange = true
    clear()
  }

  const handler: RequestHandler = (req, res, next) => {
    if (hasCredentials(req.headers)) {
      res.setHeader('Cache-Control', 'private, no-store')
      next()
      return
    }
    if (isGraphqlPost(req)) {
      readBody(req).then((body) => {
        const url = graphqlReadUrl(body)
        if (url === undefined) {
          ;(req as RequestWithBody)[READ_BODY] = body
          next()
          return
        }
        // Answered as the GET it is the same read as; the body is read, so nothing else may look for it.
        req.method = 'GET'
        req.url = url
        delete req.headers['content-length']
        delete req.headers['content-type']
        handleRead(req, res, next)
      }, next)
      return
    }
    if (!isCacheableRequest(req, corsOrigins)) {
      next()
      return
    }
    handleRead(req, res, next)
  }

  const pages: RequestHandler = (req, res, next) => {
    if (hasCredentials(req.headers)) {
      res.setHeader('Cache-Control', 'private, no-store')
      next()
      return
    }
    if (!isCacheableRequest(req, corsOrigins) || !isPlainPageRequest(req)) {
      next()
      return
    }
    handleRead(req, res, next)
  }

  /** An anonymous GET or HEAD the cache may answer: a hit, or a miss handed on and perhaps stored. */
  const handleRead: RequestHandler = (req, res, next) => {
    const origin = corsOrigins === '*' ? '' : (req.headers.origin ?? '')
    const normalPath = normalise(req.url)
    // Read now: Express changes it once the mount's chain is done, before the answer comes back.
    const mount = req.baseUrl
    // Keyed by the whole path (the mount, then the path under it): `/api/authors/x` and the page `/authors/x` differ.
    const key = `${origin} ${mount}${normalPath}`
    const asSent = `${origin} ${mount}${req.url}`
    // lru-cache drops an entry past its ttl when it is read.
    const stored = settings.isEnabled ? entries.get(key) : undefined
    if (stored) {
      passed.set(asSent, key)
      send({
        acceptEncoding: req.headers['accept-encoding'],
        entry: stored,
        exchange: ageLine(stored),
        isHead: req.method === 'HEAD',
        req,
        res,
      })
      return
    }
    const before = Object.entries(res.getHeaders()).filter(
      (pair): pair is Header => pair[1] !== undefined && !PER_EXCHANGE.has(pair[0]),
    )
    req.url = normalPath
    // The cache encodes what it stores itself: Next must answer in identity, or it compresses a second time.
    const acceptEncoding = req.headers['accept-encoding']
    delete req.headers['accept-encoding']
    // A HEAD is answered from the GET: the same headers and validator, without the body.
    const isHead = req.method === 'HEAD'
    req.method = 'GET'
    const startedAt = generation
    capture({
      done: (answer) => {
        const isStored = settings.isEnabled && isStorable(answer) && startedAt === generation
        // A stored answer is compressed once in every encoding; one that is not, only in the one this client gets.
        const entry = toEntry({
          acceptEncoding: isStored ? '*' : acceptEncoding,
          answer,
          // A page is named by what it is, not by a collection its path may look like (`/authors/x`).
          path: mount === API_MOUNT ? normalPath : undefined,
          prelude: before,
          settings,
        })
        if (isStored) {
          entries.set(key, entry, {
            ttl: (answer.status === 404 ? NOT_FOUND_SECONDS : settings.sharedMaxAgeSeconds) * 1000,
          })
          passed.set(asSent, key)
        }
        // What the handler set for its own body; send() sets them for the body it sends.
        for (const name of ['content-encoding', 'content-length', 'etag', 'transfer-encoding']) {
          res.removeHeader(name)
        }
        send({ acceptEncoding, entry, isHead, req, res })
      },
      res,
    })
    next()
  }

  const findHit = (req: IncomingMessage): Hit | undefined => {
    const url = req.url ?? ''
    if (
      !settings.isEnabled ||
      hasCredentials(req.headers) ||
      !isCacheableRequest(req, corsOrigins) ||
      // Only URLs that passed the guards are found (`passed`); a page's URL must also be asked for as a page.
      (!url.startsWith(`${API_MOUNT}/`) && !isPlainPageRequest(req))
    ) {
      return undefined
    }
    const origin = corsOrigins === '*' ? '' : (req.headers.origin ?? '')
    const key = passed.get(`${origin} ${url}`)
    return key === undefined ? undefined : entries.get(key)
  }

  const sendHit = (hit: Hit, req: IncomingMessage, res: ServerResponse, requestId: string): void => {
    send({
      acceptEncoding: req.headers['accept-encoding'],
      entry: hit,
      exchange: ['X-Request-Id', requestId, ...ageLine(hit)],
      isHead: req.method === 'HEAD',
      req,
      res,
    })
  }

  const requestFor = (req: IncomingMessage): IncomingMessage => {
    const body = (req as RequestWithBody)[READ_BODY]
    return body === undefined ? req : replayed(req, body)
  }

  return {
    findHit,
    handler,
    invalidate,
    pages,
    requestFor,
    sendHit,
    size: () => ({ bytes: entries.calculatedSize, entries: entries.size }),
    transactionEnded: () => {
      if (hasPendingChange) {
        hasPendingChange = false
        clear()
      }
    },
  }
}

/** Whether a request asks to be taken as another method (Payload's header, or the common one): never cached. */
const hasMethodOverride = (req: IncomingMessage): boolean =>
  req.headers['x-payload-http-method-override'] !== undefined || req.headers['x-http-method-override'] !== undefined

function isCacheableRequest(req: IncomingMessage, corsOrigins: '*' | string[]): boolean {
  const origin = req.headers.origin
  return (
    (req.method === 'GET' || req.method === 'HEAD') &&
    !hasMethodOverride(req) &&
    req.headers.range === undefined &&
    (origin === undefined || corsOrigins === '*' || corsOrigins.includes(origin))
  )
}

/** Whether a request for a page's URL asks for the HTML every anonymous reader gets (see {@link ResponseCache.pages}). */
function isPlainPageRequest(req: IncomingMessage): boolean {
  const url = req.url ?? ''
  const mark = url.indexOf('?')
  const query = mark === -1 ? undefined : new URLSearchParams(url.slice(mark + 1))
  return (
    ROUTER_HEADERS.every((name) => req.headers[name] === undefined) &&
    !PRIVATE_PAGE_PARAMS.some((name) => query?.has(name))
  )
}

/**
 * A request path with its query string in normal form: parameters stably sorted by key (the values of one key keep
 * their order: Payload reads repeated keys as a list), each key and value percent-encoded the one way
 * URLSearchParams writes them.
 *
 * @param url - path and query as Express has them under its mount (`/articles?limit=1`).
 */
export function normalise(url: string): string {
  const mark = url.indexOf('?')
  if (mark === -1) {
    return url
  }
  const params = [...new URLSearchParams(url.slice(mark + 1))].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const query = new URLSearchParams(params).toString()
  return query ? `${url.slice(0, mark)}?${query}` : url.slice(0, mark)
}

/** What the handler sent: status, body, and the headers it set (not those set before it ran). */
type Answer = { body: Buffer; headers: OutgoingHttpHeaders; status: number }

/**
 * Holds back what the handler after this middleware writes (Payload's answer through Next), then hands it to
 * `done` whole, with the status and headers it set: the cache decides the validators and the encoding before
 * anything goes out.
 */
function capture({ done, res }: { done: (answer: Answer) => void; res: Response }): void {
  const chunks: Buffer[] = []
  const before = new Map(Object.entries(res.getHeaders()))
  const { end, flushHeaders, write, writeHead } = res
  const restore = () => {
    Object.assign(res, { end, flushHeaders, write, writeHead })
  }
  const toBuffer = (chunk: unknown, encoding?: unknown): Buffer =>
    Buffer.isBuffer(chunk)
      ? chunk
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk)
        : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
  // Typed loosely on purpose: these stand in for Node's overloaded ServerResponse methods.
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    res.statusCode = status
    const headers = (typeof rest[0] === 'string' ? rest[1] : rest[0]) as OutgoingHttpHeaders | string[] | undefined
    if (Array.isArray(headers)) {
      for (let index = 0; index < headers.length; index += 2) {
        res.setHeader(headers[index], headers[index + 1])
      }
    } else if (headers) {
      for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined) {
          res.setHeader(name, value)
        }
      }
    }
    return res
  }) as Response['writeHead']
  res.flushHeaders = () => {}
  res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
    chunks.push(toBuffer(chunk, encoding))
    const onWritten = typeof encoding === 'function' ? encoding : callback
    if (typeof onWritten === 'function') {
      queueMicrotask(() => (onWritten as () => void)())
    }
    return true
  }) as Response['write']
  res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
      chunks.push(toBuffer(chunk, encoding))
    }
    restore()
    const headers = Object.fromEntries(
      Object.entries(res.getHeaders()).filter(([name, value]) => before.get(name) !== value),
    )
    done({ body: Buffer.concat(chunks), headers, status: res.statusCode })
    const onEnded = [chunk, encoding, callback].find((part) => typeof part === 'function')
    if (onEnded) {
      res.once('finish', onEnded as () => void)
    }
    return res
  }) as Response['end']
}

/**
 * Strong validators, one per representation (RFC 9110 §8.8.3: an encoding is another representation): the
 * body's SHA-1, with the encoding after it when it is not identity.
 */
function etagsOf(body: Buffer): Record<Encoding, string> {
  const digest = createHash('sha1').update(body).digest('base64url')
  return { br: `"${digest}-br"`, gzip: `"${digest}-gzip"`, identity: `"${digest}"` }
}

/** Whether an answer may be kept: a 200 or 404, setting no cookie, not encoded already, not too large. */
function isStorable(answer: Answer): boolean {
  return (
    (answer.status === 200 || answer.status === 404) &&
    answer.headers['set-cookie'] === undefined &&
    answer.headers['content-encoding'] === undefined &&
    answer.body.length <= MAX_ENTRY_BYTES
  )
}

/**
 * Turns a captured answer into what is served and possibly stored: the headers every anonymous answer gets
 * (`Cache-Control`, `Vary`, `Surrogate-Key`, `Cache-Tag`), the body in each encoding worth having, their ETags.
 */
function toEntry({
  acceptEncoding,
  answer,
  path,
  prelude,
  settings,
}: {
  acceptEncoding: string | undefined
  answer: Answer
  path?: string
  prelude: Header[]
  settings: CacheSettings
}): Entry {
  const isCacheable = (answer.status === 200 || answer.status === 404) && answer.headers['set-cookie'] === undefined
  const isEncoded = answer.headers['content-encoding'] !== undefined
  const headers = Object.entries(answer.headers).filter(
    (pair): pair is Header => pair[1] !== undefined && !PER_EXCHANGE.has(pair[0]),
  )
  const set = (name: string, value: string) => {
    const index = headers.findIndex(([header]) => header === name)
    headers.splice(index === -1 ? headers.length : index, index === -1 ? 0 : 1, [name, value])
  }
  if (isCacheable) {
    set(
      'cache-control',
      answer.status === 404
        ? `public, max-age=0, s-maxage=${NOT_FOUND_SECONDS}`
        : `public, max-age=${settings.maxAgeSeconds}, s-maxage=${settings.sharedMaxAgeSeconds}, stale-while-revalidate=${settings.staleSeconds}`,
    )
    // A handler that names what it lists (the feeds and sitemaps do) knows better than the path.
    const named = answer.headers['surrogate-key']
    const keys =
      typeof named === 'string' && named.trim()
        ? named.trim().split(/\s+/u)
        : surrogateKeys({ type: String(answer.headers['content-type'] ?? ''), body: answer.body, path })
    set('surrogate-key', keys.join(' '))
    set('cache-tag', keys.join(','))
  } else {
    set('cache-control', 'no-store')
  }
  // A page also varies on what Next's own Vary names (its client router's headers: an RSC payload, not HTML).
  const pageVary = path === undefined ? String(answer.headers.vary ?? '') : ''
  set(
    'vary',
    [...new Set([...pageVary.split(','), 'Origin', 'Accept-Encoding'].map((name) => name.trim()).filter(Boolean))].join(
      ', ',
    ),
  )
  if (isEncoded) {
    // Encoded by the handler after all: passed on as it came, never stored.
    set('content-encoding', String(answer.headers['content-encoding']))
  }
  const isCompressible =
    !isEncoded &&
    answer.body.length >= MIN_COMPRESS_BYTES &&
    COMPRESSIBLE.test(String(answer.headers['content-type'] ?? ''))
  const wanted = isCompressible
    ? chooseEncoding(acceptEncoding, { br: answer.body, gzip: answer.body, identity: answer.body })
    : 'identity'
  const isWanted = (encoding: Encoding) => isCompressible && (acceptEncoding === '*' || wanted === encoding)
  return {
    bodies: {
      br: isWanted('br')
        ? brotliCompressSync(answer.body, {
            // Quality 5: most of brotli's gain on JSON at a fraction of the time of its default, 11.
            params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: answer.body.length },
          })
        : undefined,
      gzip: isWanted('gzip') ? gzipSync(answer.body, { level: 6 }) : undefined,
      identity: answer.body,
    },
    etags: etagsOf(answer.body),
    headers,
    prelude,
    status: answer.status,
    storedAt: Date.now(),
    wire: {},
  }
}

/**
 * `Surrogate-Key` and `Cache-Tag` values for an answer: the collection of the path (`articles`), each document in
 * the answer (`article:12`), and `graphql` for GraphQL reads. A purge of `article:12` reaches every answer that
 * holds it as a document; content events list the documents a change affects. A site page (no API `path`) is
 * `pages`.
 */
function surrogateKeys({ type, body, path }: { body: Buffer; path?: string; type: string }): string[] {
  if (path === undefined) {
    return [PAGES_KEY]
  }
  const [, collection] = /^\/([\w-]+)/u.exec(path) ?? []
  if (collection === 'graphql') {
    return ['graphql']
  }
  const singular = collection ? PUBLIC_COLLECTIONS[collection] : undefined
  if (!singular) {
    return collection ? [collection] : []
  }
  const keys = [collection]
  if (type.startsWith('application/json')) {
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { docs?: Array<{ id?: unknown }>; id?: unknown }
      const ids = parsed.docs ? parsed.docs.map((doc) => doc.id) : [parsed.id]
      keys.push(
        ...ids
          .filter((id) => typeof id === 'number' || typeof id === 'string')
          .map((id) => `${singular}:${String(id)}`),
      )
    } catch {
      // Not JSON after all: the collection key alone.
    }
  }
  return keys
}

/** The encoding to send: the best the client accepts among those stored (`Accept-Encoding`, RFC 9110 §12.5.3). */
function chooseEncoding(accept: string | undefined, bodies: Entry['bodies']): Encoding {
  const accepted = new Map(
    (accept ?? '')
      .toLowerCase()
      .split(',')
      .map((part) => {
        const [name, ...params] = part.trim().split(';')
        const quality = params.map((param) => /^\s*q=([\d.]+)\s*$/u.exec(param)?.[1]).find(Boolean)
        return [name.trim(), quality === undefined ? 1 : Number(quality)] as const
      }),
  )
  const wants = (name: Encoding) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0
  if (bodies.br && wants('br')) {
    return 'br'
  }
  if (bodies.gzip && wants('gzip')) {
    return 'gzip'
  }
  return 'identity'
}

/**
 * Sends an entry: 304 when `If-None-Match` names its validator, else the body in the chosen encoding with the
 * header lines {@link wireLines} makes once per entry and encoding, in one `writeHead`.
 *
 * @param args.exchange - header lines of this exchange alone (`X-Request-Id`, `Age`), flat, after the entry's.
 */
function send({
  acceptEncoding,
  entry,
  exchange = [],
  isHead,
  req,
  res,
}: {
  acceptEncoding: string | undefined
  entry: Entry
  exchange?: string[]
  isHead: boolean
  req: IncomingMessage
  res: ServerResponse
}): void {
  const encoding = chooseEncoding(acceptEncoding, entry.bodies)
  if (entry.status === 200 && matches(req.headers['if-none-match'], entry.etags[encoding])) {
    // No body, so no encoding or length: the entry's headers and its validator.
    for (const [name, value] of [...entry.prelude, ...entry.headers]) {
      res.setHeader(name, value)
    }
    for (let index = 0; index < exchange.length; index += 2) {
      res.setHeader(exchange[index], exchange[index + 1])
    }
    res.setHeader('ETag', entry.etags[encoding])
    res.statusCode = 304
    res.end()
    return
  }
  // Made once: setting some twenty headers one by one was a good part of a hit.
  const lines = (entry.wire[encoding] ??= wireLines(entry, encoding))
  res.writeHead(entry.status, exchange.length === 0 ? lines : [...lines, ...exchange])
  res.end(isHead ? undefined : entry.bodies[encoding])
}

/** The `Age` header line of a stored entry: whole seconds since it was stored (RFC 9111 §5.1). */
const ageLine = (entry: Entry): string[] => ['Age', String(Math.floor((Date.now() - entry.storedAt) / 1000))]

/**
 * The header lines of `entry` in `encoding`, but those of one exchange (request id, `Age`): the prelude, the
 * entry's own headers (which win over the prelude's of the same name), the validator of a 200 or 404, the encoding
 * and the length, flat as `writeHead` takes them. On a miss the prelude is on the response already; it is the same.
 */
function wireLines(entry: Entry, encoding: Encoding): Array<number | string | string[]> {
  const byName = new Map<string, Header>()
  for (const header of [...entry.prelude, ...entry.headers]) {
    byName.set(header[0].toLowerCase(), header)
  }
  const lines = [...byName.values()].flat()
  if (entry.status === 200 || entry.status === 404) {
    lines.push('ETag', entry.etags[encoding])
  }
  if (encoding !== 'identity') {
    lines.push('Content-Encoding', encoding)
  }
  lines.push('Content-Length', String(entry.bodies[encoding]!.length))
  return lines
}

/** Whether an `If-None-Match` list names `etag` (weak comparison, as RFC 9110 §13.1.2 asks of it). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) {
    return false
  }
  const bare = (tag: string) => tag.trim().replace(/^W\//u, '')
  return header.trim() === '*' || header.split(',').some((tag) => bare(tag) === etag)
}

type RequestWithBody = { [READ_BODY]?: Buffer } & IncomingMessage

/**
 * Whether a request is a GraphQL POST the cache may read the body of: anonymous (checked before), to `/graphql`
 * under the API's mount, JSON, with a declared length within {@link GRAPHQL_READ_MAX_BYTES}, no method override.
 */
function isGraphqlPost(req: Request): boolean {
  const length = req.headers['content-length']
  return (
    req.method === 'POST' &&
    req.path === '/graphql' &&
    !hasMethodOverride(req) &&
    req.headers['transfer-encoding'] === undefined &&
    mediaTypeOf(req.headers['content-type'] ?? '') === 'application/json' &&
    length !== undefined &&
    /^\d+$/u.test(length) &&
    Number(length) <= GRAPHQL_READ_MAX_BYTES
  )
}

/** The whole body of a request, read from its stream. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.once('end', () => resolve(Buffer.concat(chunks)))
    req.once('error', reject)
  })
}

/**
 * The GET URL (under the API's mount, in normal form) of a GraphQL POST body that holds a query, or undefined for
 * anything else: not a JSON object of `query`, `variables` and `operationName` as the GraphQL-over-HTTP draft has
 * them, nesting too deep, a query that does not parse, or an operation that is not a query. Those are the GraphQL
 * route's to answer, from the body as it came.
 */
function graphqlReadUrl(body: Buffer): string | undefined {
  const text = body.toString('utf8')
  if (jsonNestingProblem(text, 'The request body') !== undefined) {
    return undefined
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return undefined
  }
  const { operationName, query, variables, ...rest } = parsed as Record<string, unknown>
  const hasVariables = variables !== undefined && variables !== null
  if (
    Object.keys(rest).length > 0 ||
    typeof query !== 'string' ||
    (operationName !== undefined && operationName !== null && typeof operationName !== 'string') ||
    (hasVariables && (typeof variables !== 'object' || Array.isArray(variables)))
  ) {
    return undefined
  }
  if (operationTypeOf({ maxTokens: GRAPHQL_MAX_TOKENS, operationName, query }) !== OperationTypeNode.QUERY) {
    return undefined
  }
  const params = new URLSearchParams({ query: stripIgnoredCharacters(query) })
  if (operationName) {
    params.set('operationName', operationName)
  }
  if (hasVariables) {
    params.set('variables', JSON.stringify(variables))
  }
  return normalise(`/graphql?${params.toString()}`)
}

/** A copy of a request whose body was read: the same method, URL, headers and socket, yielding `body` again. */
function replayed(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new NodeIncomingMessage(req.socket)
  copy.method = req.method
  copy.url = req.url
  copy.headers = req.headers
  copy.rawHeaders = req.rawHeaders
  copy.httpVersion = req.httpVersion
  copy.httpVersionMajor = req.httpVersionMajor
  copy.httpVersionMinor = req.httpVersionMinor
  // Whole, as the parser would mark it: an incomplete message destroys its socket when it is done with.
  copy.complete = true
  copy.push(body)
  copy.push(null)
  return copy
}
