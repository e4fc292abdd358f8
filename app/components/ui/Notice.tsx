/** The success message after a form was saved (the page it redirected to shows it once). */
export function Notice({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p role="status" data-testid="notice" className="rounded-md border border-leaf-600/30 bg-leaf-50 px-3 py-2 text-sm text-leaf-600">
      {message}
    </p>
  );
}
