export default function NotFound() {
  return (
    <>
      <h1 className="page-title">Nothing here</h1>
      <p>
        This page does not exist, or the story was taken down. <a href="/">See the latest stories</a>.
      </p>
    </>
  )
}
