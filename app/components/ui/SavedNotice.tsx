/** The confirmation after a save, announced to screen readers; nothing when there is none. */
export function SavedNotice({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p role="status" className="rounded border border-leaf-600 bg-leaf-50 px-3 py-2 text-sm text-leaf-600" data-testid="saved-notice">
      ✓ {message}
    </p>
  );
}
