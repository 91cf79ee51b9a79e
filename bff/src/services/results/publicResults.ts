import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Types } from 'mongoose';
import { AppError, ZCompetitionId, type TPublicResultsQuery } from '@contest/shared';
import { CompetitionModel, type CompetitionSetupRecord } from '../../models/competition';
import { ResultSnapshotModel, type ResultSnapshotRecord } from '../../models/results';
import { presentPublicResultChanges, presentPublicResultLists, presentPublicResultsSummary } from '../../presenters/results';

const gzipped = promisify(gzip);

/**
 * The public 公示 from an in-process cache, in pages: a summary (state, the trade × group lists,
 * team standings, change notes) and each trade × group's list in pages of a hundred rows (a whole
 * list of 2,500 is 33 KB even gzipped: 50,000 opens of that are no static page). All of them are
 * prepared once per snapshot version as final bytes — the JSON envelope and its gzip — so a
 * request only picks a buffer (or answers 304 on its ETag).
 *
 * Within PUBLIC_RESULTS_STALE_MS of its last check an entry is served with no database read at
 * all; after that one indexed read of the latest version either confirms it (kept) or rebuilds it
 * (two more reads: the snapshot and the competition), while the entry is still served. A change
 * made in this process (open, answer, close) drops the entry at once; one made in another process
 * shows within the window and that check. So 50,000 opens after the push cost one small read per
 * process every window, and the rest is serving a buffer.
 */
export const PUBLIC_RESULTS_STALE_MS = 2_000;
const MAX_COMPETITIONS = 200;

/** One answer, ready to send. */
export interface PreparedAnswer {
  /** Of the JSON; the gzip answer's is this with `-gz` (a different representation, so a different tag). */
  etag: string;
  /** The whole envelope, `{"ok":true,"data":…}`, as UTF-8 bytes. */
  json: Buffer;
  gzip: Buffer;
}

interface PreparedResults {
  version: number;
  summary: PreparedAnswer;
  /** Every change note (`?changes=all`). */
  changes: PreparedAnswer;
  /** Keyed by sectionKey(tradeCode, groupCode); the list's pages in order. */
  lists: Map<string, PreparedAnswer[]>;
}

const sectionKey = (tradeCode: string, groupCode: string) => `${tradeCode}/${groupCode}`;

const cache = new Map<string, { results: PreparedResults; checkedAt: number }>();
/**
 * Competitions found without results, and when: answered 404 from here within the window too. Kept
 * apart from `cache`, so made-up ids (any valid id is accepted) never push out a real competition
 * (whose rebuild costs far more than the one indexed read an unknown id costs per window).
 */
const missing = new Map<string, number>();
const MAX_MISSING = 10_000;
/** One check or rebuild per competition at a time. */
const building = new Map<string, Promise<PreparedResults>>();

export function forgetPublicResults(competitionId: Types.ObjectId | string): void {
  cache.delete(String(competitionId));
  missing.delete(String(competitionId));
}

function noteMissing(id: string): void {
  missing.delete(id);
  if (missing.size >= MAX_MISSING) {
    const oldest = missing.keys().next();
    if (!oldest.done) missing.delete(oldest.value);
  }
  missing.set(id, Date.now());
}

async function prepare(etag: string, data: unknown): Promise<PreparedAnswer> {
  const json = Buffer.from(JSON.stringify({ ok: true, data }));
  return { etag, json, gzip: await gzipped(json) };
}

async function prepareAll(competition: CompetitionSetupRecord, snapshot: ResultSnapshotRecord): Promise<PreparedResults> {
  const tag = `results-${competition._id.toHexString()}-${snapshot.version}`;
  const [summary, changes, lists] = await Promise.all([
    prepare(`"${tag}"`, presentPublicResultsSummary(competition, snapshot)),
    prepare(`"${tag}-changes"`, presentPublicResultChanges(competition, snapshot)),
    Promise.all(
      presentPublicResultLists(competition, snapshot).map(async (pages) => {
        // Codes are [a-z0-9-]: safe inside an ETag's quotes.
        const prepared = await Promise.all(pages.map((page) => prepare(`"${tag}-${page.tradeCode}-${page.groupCode}-${page.page}"`, page)));
        return [sectionKey(pages[0]!.tradeCode, pages[0]!.groupCode), prepared] as const;
      }),
    ),
  ]);
  return { version: snapshot.version, summary, changes, lists: new Map(lists) };
}

async function check(competitionId: Types.ObjectId, cached: PreparedResults | undefined): Promise<PreparedResults> {
  const latest = await ResultSnapshotModel.findOne({ competitionId }, { version: 1 }).sort({ version: -1 }).lean<Pick<ResultSnapshotRecord, 'version'>>().exec();
  if (!latest) throw new AppError('RESULTS_NOT_FOUND');
  if (cached && cached.version === latest.version) return cached;
  const [snapshot, competition] = await Promise.all([
    ResultSnapshotModel.findOne({ competitionId, version: latest.version }).lean<ResultSnapshotRecord>().orFail().exec(),
    CompetitionModel.findById(competitionId).lean<CompetitionSetupRecord>().orFail().exec(),
  ]);
  return prepareAll(competition, snapshot);
}

/** Checks (and if need be rebuilds) a competition's entry, one at a time per competition; caches what it finds. */
function refresh(id: string, cached: PreparedResults | undefined): Promise<PreparedResults> {
  let pending = building.get(id);
  if (pending) return pending;
  pending = check(new Types.ObjectId(id), cached)
    .then((results) => {
      missing.delete(id);
      cache.delete(id);
      if (cache.size >= MAX_COMPETITIONS) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      cache.set(id, { results, checkedAt: Date.now() });
      return results;
    })
    .catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'RESULTS_NOT_FOUND') {
        cache.delete(id);
        noteMissing(id);
      }
      throw error;
    })
    .finally(() => building.delete(id));
  building.set(id, pending);
  return pending;
}

/**
 * A competition's prepared pages. Past the window the entry is still served while its check runs
 * (stale while revalidating): requests never wait on the store once a competition is cached, only
 * the first open of it (or after a change made in this process) does.
 */
async function preparedResults(id: string): Promise<PreparedResults> {
  const entry = cache.get(id);
  if (entry && Date.now() - entry.checkedAt < PUBLIC_RESULTS_STALE_MS) return entry.results;
  if (entry) {
    // A failed check is logged by no one here: the next request past the window tries again.
    refresh(id, entry.results).catch(() => undefined);
    return entry.results;
  }
  const missedAt = missing.get(id);
  if (missedAt !== undefined && Date.now() - missedAt < PUBLIC_RESULTS_STALE_MS) throw new AppError('RESULTS_NOT_FOUND');
  return refresh(id, undefined);
}

/**
 * The summary (no query), every change note (`changes=all`) or a page of one trade × group's list
 * of a competition whose results were announced; RESULTS_NOT_FOUND before that, or for a trade × group or page not on it.
 */
export async function publicResultsAnswer(id: string, query: TPublicResultsQuery): Promise<PreparedAnswer> {
  if (!ZCompetitionId.safeParse(id).success) throw new AppError('RESULTS_NOT_FOUND');
  const results = await preparedResults(id);
  if (query.changes === 'all') return results.changes;
  if (query.tradeCode === undefined || query.groupCode === undefined) return results.summary;
  const pages = results.lists.get(sectionKey(query.tradeCode, query.groupCode));
  if (!pages) throw new AppError('RESULTS_NOT_FOUND', '该工种组别没有公示的成绩');
  const page = pages[(query.page ?? 1) - 1];
  if (!page) throw new AppError('RESULTS_NOT_FOUND', `该工种组别的成绩只有 ${pages.length} 页`);
  return page;
}
