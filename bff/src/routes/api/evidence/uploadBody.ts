import { AppError, EVIDENCE_MAX_BYTES } from '@contest/shared';
import type { AppContext } from '../../../context';
import { readRawBody } from '../admin/unions/requestBody';

const TOO_LARGE = `照片不能超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB，请压缩后重新上传`;
/** Room for a multipart envelope's boundaries and part headers around the photo. */
const MULTIPART_OVERHEAD = 16 * 1024;

/** The part named `file` of a multipart/form-data body (what wx.uploadFile sends); null when there is none. */
export function multipartFile(body: Buffer, contentType: string): Buffer | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const marker = boundary ? Buffer.from(`--${boundary[1] ?? boundary[2]}`) : null;
  if (!marker) return null;
  let at = body.indexOf(marker);
  while (at !== -1) {
    const headersStart = at + marker.length + 2;
    const next = body.indexOf(marker, headersStart);
    if (next === -1) return null;
    const headersEnd = body.indexOf('\r\n\r\n', headersStart);
    if (headersEnd !== -1 && headersEnd < next) {
      const headers = body.toString('utf8', headersStart, headersEnd);
      // The part's content ends with the CRLF before the next boundary.
      if (/name="file"/i.test(headers)) return body.subarray(headersEnd + 4, next - 2);
    }
    at = next;
  }
  return null;
}

/**
 * The photo of an upload: the `file` part of a multipart body (the mini-program's uploadFile, a
 * browser's FormData) or the raw body. Over EVIDENCE_MAX_BYTES: 413.
 */
export async function readEvidenceUpload(ctx: AppContext): Promise<Buffer> {
  // Other bodies (JSON) are the body parser's, already read: refused before waiting on them.
  if (!ctx.is('multipart/form-data', 'image/*', 'application/octet-stream')) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以照片文件上传（multipart/form-data 或图片本身）');
  }
  const multipart = Boolean(ctx.is('multipart/form-data'));
  const body = await readRawBody(ctx, EVIDENCE_MAX_BYTES + (multipart ? MULTIPART_OVERHEAD : 0), TOO_LARGE);
  const photo = multipart ? multipartFile(body, ctx.get('Content-Type')) : body;
  if (!photo) throw new AppError('VALIDATION_FAILED', '没有收到照片，请重新选择后上传');
  if (photo.length > EVIDENCE_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', TOO_LARGE);
  if (photo.length === 0) throw new AppError('VALIDATION_FAILED', '照片是空的，请重新选择后上传');
  return photo;
}
