/**
 * A baseline server for bench/api.ts, in a process of its own so it can be pinned to the server's core:
 *
 *   node --import tsx/esm bench/baselineServer.ts raw <body.json>       node:http writing the bytes as they are
 *   node --import tsx/esm bench/baselineServer.ts express <body.json>   Express 5, `res.json` of the parsed document
 *
 * Listens on 127.0.0.1 on a port the OS picks and prints `{"port":N}` on stdout once it does. Every path gets the
 * same answer (Express: `GET /api/articles/:id` only), with `Content-Type: application/json`. Stops on SIGTERM.
 */
import express from 'express'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'

const [mode, bodyFile] = process.argv.slice(2)
if ((mode !== 'raw' && mode !== 'express') || !bodyFile) {
  process.stderr.write('usage: baselineServer.ts raw|express <body.json>\n')
  process.exit(2)
}
const body = readFileSync(bodyFile)

let server: Server
if (mode === 'raw') {
  const length = String(body.length)
  server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Length': length, 'Content-Type': 'application/json' })
    res.end(body)
  })
} else {
  const document: unknown = JSON.parse(body.toString('utf8'))
  const app = express()
  app.get('/api/articles/:id', (_req, res) => {
    res.json(document)
  })
  server = createServer(app)
}

server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`)
})
process.once('SIGTERM', () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
})
