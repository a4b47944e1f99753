import Link from 'next/link'

export default function NotFound() {
  return (
    <div className="prose not-found">
      <h1>Page not found</h1>
      <p>This story, slide or person does not exist, or is no longer published.</p>
      <p>
        <Link href="/">Back to all stories</Link>
      </p>
    </div>
  )
}
