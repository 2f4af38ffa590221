/**
 * The request header carrying the client address that the Express server derived (honouring TRUST_PROXY_HOPS).
 * The server strips it from incoming requests before setting it, so Payload code may trust it.
 */
export const CLIENT_IP_HEADER = 'x-newsdesk-client-ip'
