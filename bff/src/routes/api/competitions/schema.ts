import { z } from 'zod';

export const ZEntryKeyParams = z.object({ key: z.string().max(16) });
