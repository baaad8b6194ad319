import { createHash } from 'node:crypto';
import { AppError } from '../../http/problem.ts';

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];
export const IMAGE_MAX_BYTES = 2_000_000;

export type CheckedImage = {
  contentType: ImageType;
  bytes: Buffer;
  sha256: string;
  width: number | null;
  height: number | null;
};

function sniff(bytes: Buffer): ImageType | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  return null;
}

/** Width and height, so pages can reserve the space and not shift while images load. */
function dimensions(type: ImageType, bytes: Buffer): { width: number | null; height: number | null } {
  if (type === 'image/png' && bytes.length >= 24) {
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (type === 'image/jpeg') {
    let offset = 2;
    while (offset + 9 < bytes.length && bytes[offset] === 0xff) {
      const marker = bytes[offset + 1] ?? 0;
      const length = bytes.readUInt16BE(offset + 2);
      // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
      }
      offset += 2 + length;
    }
  }
  return { width: null, height: null };
}

/** Accepts only what the bytes show to be PNG, JPEG or WebP, whatever the upload claims. */
export function checkImage(dataBase64: string): CheckedImage {
  const bytes = Buffer.from(dataBase64, 'base64');
  const field = [{ field: 'body.dataBase64', message: 'Upload a PNG, JPEG or WebP image of at most 2 MB.' }];
  if (bytes.length === 0 || bytes.length > IMAGE_MAX_BYTES) {
    throw new AppError('validation-failed', 'The image is empty or larger than 2 MB.', field);
  }
  const contentType = sniff(bytes);
  if (!contentType)
    throw new AppError('validation-failed', 'The file is not a PNG, JPEG or WebP image.', field);
  return {
    contentType,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    ...dimensions(contentType, bytes),
  };
}
