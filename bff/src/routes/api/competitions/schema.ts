import { z } from 'zod';

/** Any string reaches the service, which answers 404 for ids that cannot exist. */
export const ZCompetitionParams = z.object({ id: z.string().max(64) });

export const ZEntryKeyParams = z.object({ key: z.string().max(16) });
