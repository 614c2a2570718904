// Files in and out of the page, with no server: a download made from text, and the text of a
// file the user picked (the input is cleared, so picking the same file again works).

export function downloadText(name: string, text: string, type: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Bigger than any file the lab exports (a scenario or a progress file is a few KB). */
export const MAX_IMPORT_BYTES = 1_000_000;

/** The chosen file's text; throws, before reading it, for a file far too big to be ours. */
export async function pickedFile(event: Event): Promise<{ name: string; text: string } | null> {
  const input = event.currentTarget as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  if (!file) return null;
  if (file.size > MAX_IMPORT_BYTES) {
    const mb = (file.size / 1_000_000).toFixed(1);
    throw new Error(
      `${file.name} is ${mb} MB; a file exported by the lab is far smaller (at most 1 MB), so it was not read.`,
    );
  }
  return { name: file.name, text: await file.text() };
}
