import { z } from 'zod';

/** Any string reaches the service, which answers 404 for ids that cannot exist. */
export const ZAdminIdParams = z.object({ id: z.string().max(64) });
