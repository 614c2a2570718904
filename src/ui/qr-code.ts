// A share link as a QR code a room can scan off the projector: the modules of the code as one
// SVG path (qrcode-generator computes them; error correction M, ISO/IEC 18004).
import qrcode from 'qrcode-generator';

export interface QrPicture {
  /** Modules per side, quiet zone included. */
  readonly size: number;
  readonly path: string;
}

const QUIET_ZONE = 4;

export function qrPicture(text: string): QrPicture {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const count = qr.getModuleCount();
  let path = '';
  for (let row = 0; row < count; row++)
    for (let col = 0; col < count; col++)
      if (qr.isDark(row, col)) path += `M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`;
  return { size: count + 2 * QUIET_ZONE, path };
}
