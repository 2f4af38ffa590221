import type { Access } from 'payload'

/** Everyone, logged in or not, may do this. */
export const anyone: Access = () => true
