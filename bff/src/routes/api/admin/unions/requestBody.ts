import { AppError } from '@contest/shared';
import type { AppContext } from '../../../../context';

/**
 * The raw request body (the JSON body parser leaves other types alone), refused with 413 once
 * it passes `limit`. The rest of an oversized body is drained rather than left on the socket,
 * and the connection is closed after the answer.
 */
export function readRawBody(ctx: AppContext, limit: number, tooLarge: string): Promise<Buffer> {
  const req = ctx.req;
  const refuse = () => {
    ctx.set('Connection', 'close');
    req.resume();
    return new AppError('PAYLOAD_TOO_LARGE', tooLarge);
  };
  const declared = ctx.request.length;
  if (declared !== undefined && declared > limit) return Promise.reject(refuse());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        settled = true;
        chunks.length = 0;
        reject(refuse());
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    req.once('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    // The client went away before the end.
    req.once('close', () => {
      if (settled) return;
      settled = true;
      reject(new AppError('VALIDATION_FAILED', '上传未完成，请重新上传'));
    });
  });
}
