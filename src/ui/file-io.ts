// Files in and out of the page, with no server: a download made from text, and the text of a
// file the user picked (the input is cleared, so picking the same file again works).

export function downloadText(name: string, text: string, type: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

export async function pickedFile(event: Event): Promise<{ name: string; text: string } | null> {
  const input = event.currentTarget as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  return file ? { name: file.name, text: await file.text() } : null;
}
