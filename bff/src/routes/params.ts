import { z } from 'zod';

/** `/:id` in a route: any short string reaches the service, which answers 404 for ids that cannot exist. */
export const ZIdParams = z.object({ id: z.string().max(64) });
