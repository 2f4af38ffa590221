import { notFound } from 'next/navigation'

// Any path no other route serves gets the site's 404 page, inside the site's layout.
export default function Missing() {
  notFound()
}
