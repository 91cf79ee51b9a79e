import { z } from 'zod';

/** Every successful API answer is `{ ok: true, data }`. */
export function okEnvelope<T extends z.ZodType>(data: T) {
  return z.object({ ok: z.literal(true), data });
}
