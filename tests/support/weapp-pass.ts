/**
 * What the pass page's weapp test finds in its BFF (seeded by ./weapp-pass-bff-main.ts, in a
 * child process): kept apart from the seeding, which loads the BFF's models, so jsdom never loads them.
 */
export const PASS_WORKER = 'weapp-pass-worker-1';
export const PASS_VENUE = '天津市职工宣传教育文化中心';
export const PASS_SESSION = { code: 'weapp-am', name: '焊工上午场', date: '2027-09-20', startTime: '08:30', endTime: '11:30' };
