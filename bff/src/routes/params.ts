import { z } from 'zod';

/** `/:id` in a route: any short string reaches the service, which answers 404 for ids that cannot exist. */
export const ZIdParams = z.object({ id: z.string().max(64) });

/** The `Idempotency-Key` header of a POST that must not take effect twice (a retry, a double tap). */
export const ZIdempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
