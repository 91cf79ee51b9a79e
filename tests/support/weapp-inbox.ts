/**
 * What the inbox's weapp test finds in its BFF (seeded by ./weapp-inbox-bff-main.ts, in a child
 * process): kept apart from the seeding, which loads the BFF's models, so jsdom never loads them.
 */
export const INBOX_WORKER = 'weapp-inbox-worker-1';
export const INBOX_REJECTION_REASON = '所报工种与从事岗位不符，请改报装配钳工';
/** Older announcements before the rejection: with it, more than one page of 20. */
export const INBOX_ANNOUNCEMENTS = 25;
