import type { Access } from 'payload'

/** Only a logged-in user may do this. */
export const authenticated: Access = ({ req: { user } }) => Boolean(user)
