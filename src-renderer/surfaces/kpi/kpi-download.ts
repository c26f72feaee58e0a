/**
 * Offers bytes the host made as a file download: a Blob behind a temporary object URL and
 * an `<a download>` clicked once. Works the same in Electron and in the kiosk's Chromium
 * (where the file lands in the browser's download folder).
 */
export function offerDownload(filename: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The click has handed the URL to the download by the next tick; keep it a little longer for slow shells.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Bytes from base64 (the host sends PDFs this way, like map tiles). */
export function bytesFromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function downloadCsv(filename: string, text: string): void {
  offerDownload(filename, text, 'text/csv;charset=utf-8');
}

export function downloadPdf(filename: string, base64: string): void {
  offerDownload(filename, bytesFromBase64(base64), 'application/pdf');
}
