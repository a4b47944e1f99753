/**
 * How API routes say no: JSON `{message}`, which says what is wrong and, when the cause is the
 * site's configuration, which variable to set.
 */
export function refuse(status: number, message: string): Response {
  return Response.json({ message }, { status })
}
