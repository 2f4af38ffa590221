'use client'

import { PublishButton as PayloadPublishButton, useDocumentInfo } from '@payloadcms/ui'
import React, { useEffect } from 'react'

/**
 * Payload's Publish button, with the Schedule drawer of a story that has never been published opening on
 * "Publish" rather than "Unpublish".
 *
 * Workaround for payloadcms/payload#11001 (Payload 3.90.1): the button picks the drawer's default from the count of
 * versions newer than the published one, which is 0 when nothing was ever published, so such a draft defaulted to
 * "Unpublish". An unpublished draft has one unpublished version, itself, so the count is raised to 1 while the
 * document has no published version; Payload's own Status reads the count only when there is one.
 *
 * @param props - what Payload passes to its PublishButton (an optional `label`).
 * @returns Payload's PublishButton.
 */
export function PublishButton(props: React.ComponentProps<typeof PayloadPublishButton>): React.ReactElement {
  const { hasPublishedDoc, setUnpublishedVersionCount, unpublishedVersionCount } = useDocumentInfo()
  useEffect(() => {
    if (!hasPublishedDoc && unpublishedVersionCount === 0) {
      setUnpublishedVersionCount(1)
    }
  }, [hasPublishedDoc, setUnpublishedVersionCount, unpublishedVersionCount])
  return <PayloadPublishButton {...props} />
}
