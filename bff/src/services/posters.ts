import { AppError, COMPETITION_ENTRY_KEY, MINIAPP_PAGES, registrationEntryScene } from '@contest/shared';
import { canManageUnionDirectory, officialUnionRoots } from '../auth/policies';
import type { Principal } from '../auth/principal';
import { CompetitionModel, newCompetitionEntryKey, type CompetitionSetupRecord } from '../models/competition';
import { WeChatError, type WeChatClient } from '../wechat';
import { findCompetition, findCompetitionByKey } from './competitions';
import { takesPart } from './unionLookup';
import { findVisibleUnion } from './unionDirectory';

/** Competitions stored before posters existed get their key the first time one is drawn. */
async function entryKeyOf(competition: CompetitionSetupRecord): Promise<string> {
  if (competition.entryKey) return competition.entryKey;
  const key = newCompetitionEntryKey();
  await CompetitionModel.updateOne({ _id: competition._id, entryKey: null }, { $set: { entryKey: key } }).exec();
  const stored = await CompetitionModel.findById(competition._id, { entryKey: 1 }).lean().orFail().exec();
  return stored.entryKey ?? key;
}

/**
 * A registration poster's mini-program code for one union and competition: scanning it opens the
 * entry page with the union's code and the competition filled in. Officials draw their own
 * unions' posters (404 outside their scope), the committee any participating union's.
 */
export async function drawRegistrationPoster(
  wechat: WeChatClient,
  principal: Principal,
  unionId: string,
  competitionId: string,
): Promise<{ png: Buffer; filename: string }> {
  const union = await findVisibleUnion(principal, unionId);
  const competition = await findCompetition(competitionId);
  if (!canManageUnionDirectory(principal)) {
    // An official draws posters only for the competitions their grants cover.
    const chain = [...union.ancestorIds, union._id];
    const roots = officialUnionRoots(principal, competition._id);
    if (!roots.some((root) => chain.some((id) => id.equals(root)))) throw new AppError('COMPETITION_NOT_FOUND');
  }
  if (!takesPart({ path: [...union.ancestorIds, union._id] }, competition.participatingUnionIds ?? [])) {
    throw new AppError('UNION_NOT_PARTICIPATING', `${union.name}未参加本赛事`);
  }
  const scene = registrationEntryScene(union.code, await entryKeyOf(competition));
  try {
    const png = await wechat.getUnlimitedCode({ scene, page: MINIAPP_PAGES.registerEntry, checkPath: false, width: 600 });
    return { png, filename: `${union.name}-${competition.name}-报名二维码.png` };
  } catch (error) {
    if (error instanceof WeChatError) throw new AppError('WECHAT_UNAVAILABLE', '暂时无法生成小程序码，请稍后再试');
    throw error;
  }
}

/** The competition a poster's key names, visible as its public detail page is. */
export async function findCompetitionByEntryKey(key: string): Promise<CompetitionSetupRecord> {
  if (!COMPETITION_ENTRY_KEY.test(key.toUpperCase())) throw new AppError('COMPETITION_NOT_FOUND');
  const competition = await findCompetitionByKey(key.toUpperCase());
  if (!competition) throw new AppError('COMPETITION_NOT_FOUND');
  return competition;
}
