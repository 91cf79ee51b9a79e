import { Types } from 'mongoose';
import { AppError, ZCompetitionId } from '@contest/shared';
import { CompetitionModel, type CompetitionSetupRecord } from '../../models/competition';
import { ResultSnapshotModel, type ResultSnapshotRecord } from '../../models/results';
import { presentPublicResults } from '../../presenters/results';

/**
 * The public 公示 page from an in-process cache: the answer's JSON bytes and ETag per competition,
 * keyed by the snapshot version it was built from. Within PUBLIC_RESULTS_STALE_MS of its last check
 * an entry is served with no database read at all; after that one indexed read of the latest
 * version either confirms it (kept) or rebuilds it. A change made in this process (open, answer,
 * close) drops the entry at once; one made in another process shows within the window. So 50,000
 * opens after the push cost one small read per process every window, and the rest is serving a
 * buffer (or a 304 for an unchanged ETag).
 */
export const PUBLIC_RESULTS_STALE_MS = 2_000;
const MAX_COMPETITIONS = 200;

export interface PublicResultsPage {
  version: number;
  etag: string;
  /** The whole envelope, `{"ok":true,"data":…}`, as UTF-8 bytes: sent as they are, not encoded again per request. */
  body: Buffer;
}

const pages = new Map<string, { page: PublicResultsPage; checkedAt: number }>();
/** One rebuild per competition at a time: a burst of misses waits for the same one. */
const building = new Map<string, Promise<PublicResultsPage>>();

export function forgetPublicResults(competitionId: Types.ObjectId | string): void {
  pages.delete(String(competitionId));
}

async function build(competitionId: Types.ObjectId, cached: PublicResultsPage | undefined): Promise<PublicResultsPage> {
  const latest = await ResultSnapshotModel.findOne({ competitionId }, { version: 1 }).sort({ version: -1 }).lean<Pick<ResultSnapshotRecord, 'version'>>().exec();
  if (!latest) throw new AppError('RESULTS_NOT_FOUND');
  if (cached && cached.version === latest.version) return cached;
  const [snapshot, competition] = await Promise.all([
    ResultSnapshotModel.findOne({ competitionId, version: latest.version }).lean<ResultSnapshotRecord>().orFail().exec(),
    CompetitionModel.findById(competitionId).lean<CompetitionSetupRecord>().orFail().exec(),
  ]);
  const body = Buffer.from(JSON.stringify({ ok: true, data: presentPublicResults(competition, snapshot) }));
  return { version: snapshot.version, etag: `"results-${competitionId.toHexString()}-${snapshot.version}"`, body };
}

/** The page of a competition whose results were announced; RESULTS_NOT_FOUND before that. */
export async function publicResultsPage(id: string): Promise<PublicResultsPage> {
  if (!ZCompetitionId.safeParse(id).success) throw new AppError('RESULTS_NOT_FOUND');
  const entry = pages.get(id);
  if (entry && Date.now() - entry.checkedAt < PUBLIC_RESULTS_STALE_MS) return entry.page;
  let pending = building.get(id);
  if (!pending) {
    pending = build(new Types.ObjectId(id), entry?.page).finally(() => building.delete(id));
    building.set(id, pending);
  }
  const page = await pending;
  pages.delete(id);
  if (pages.size >= MAX_COMPETITIONS) {
    const oldest = pages.keys().next();
    if (!oldest.done) pages.delete(oldest.value);
  }
  pages.set(id, { page, checkedAt: Date.now() });
  return page;
}
