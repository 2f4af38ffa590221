/** Newer and older links of a paginated list, as plain links (`?page=`), so they work without JavaScript. */
export function Pagination({ basePath, page, totalPages }: { basePath: string; page: number; totalPages: number }) {
  if (totalPages <= 1) {
    return null
  }
  const hrefOf = (target: number) => (target === 1 ? basePath : `${basePath}?page=${target}`)
  return (
    <nav aria-label="Pages" className="pagination">
      {page > 1 ? (
        <a href={hrefOf(page - 1)} rel="prev">
          Newer stories
        </a>
      ) : null}
      <span>
        Page {page} of {totalPages}
      </span>
      {page < totalPages ? (
        <a href={hrefOf(page + 1)} rel="next">
          Older stories
        </a>
      ) : null}
    </nav>
  )
}
