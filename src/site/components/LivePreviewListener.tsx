'use client'
import { RefreshRouteOnSave } from '@payloadcms/live-preview-react'
import { useRouter } from 'next/navigation'

/**
 * In the admin's live preview (an iframe of this page), re-renders the page on the server each time the editor's
 * draft is saved, autosaves included (Payload's `RefreshRouteOnSave`): the page reads the latest draft again
 * through its preview token. Rendered on preview pages only, which are never cached.
 *
 * @param serverURL - the admin panel's origin (`SERVER_URL`): messages from any other origin are ignored.
 */
export function LivePreviewListener({ serverURL }: { serverURL: string }) {
  const router = useRouter()
  return <RefreshRouteOnSave refresh={() => router.refresh()} serverURL={serverURL} />
}
