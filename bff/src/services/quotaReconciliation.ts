import { trusted, type Types } from 'mongoose';
import { COMPETITION_GROUPS, REGISTRATION_TRANSITIONS, type TRegistrationStatus } from '@contest/shared';
import { CompetitionModel, type CompetitionSetupRecord } from '../models/competition';
import { QuotaCounterModel, type QuotaCounterRecord } from '../models/quotaCounter';
import { RegistrationModel, type RegistrationRecord } from '../models/registration';
import { PLACE_COUNT_OF, STATUSES_LISTED_IN, isListed, quotaSlotOf, releaseFromList, restoreToList, type PlaceList, type QuotaSlot } from './quotas';
import { unionNamesById } from './scopeNames';

type QuotaKey = QuotaSlot['key'];
type Placed = Pick<RegistrationRecord, '_id' | 'status' | 'version' | 'unionPath' | 'tradeCode' | 'groupCode'>;
const PLACED_FIELDS = { status: 1, version: 1, unionPath: 1, tradeCode: 1, groupCode: 1 };
const PLACE_LISTS: readonly PlaceList[] = ['holders', 'confirmedHolders'];

/** stray: listed without holding a place; missing: holding one without being listed; miscounted: the count is not the list's length. */
export type QuotaFindingKind = 'stray' | 'missing' | 'miscounted';
/**
 * reported: a dry run changed nothing; repaired: this run fixed it; resolved: right when looked at
 * again (a decision got there first); unsettled: the registration kept changing, left for the next run.
 */
export type QuotaFindingOutcome = 'reported' | 'repaired' | 'resolved' | 'unsettled';

export interface QuotaFinding {
  /** 赛事 / 工会 / 工种 / 组别 */
  quota: string;
  list: PlaceList;
  kind: QuotaFindingKind;
  /** Null for a miscount. */
  registrationId: string | null;
  /** The registration's status when found; null when there is no such registration (or for a miscount). */
  status: TRegistrationStatus | null;
  /** For a miscount: the count stored and the number listed. */
  counted: { stored: number; listed: number } | null;
  outcome: QuotaFindingOutcome;
}

export interface QuotaReconciliation {
  dryRun: boolean;
  counters: number;
  /** Registrations whose status holds a place under a quota. */
  placesHeld: number;
  findings: QuotaFinding[];
}

/** How often a release re-reads a registration that keeps changing before giving up (and putting the place back). */
const SETTLE_ATTEMPTS = 5;

function placeOf(competition: CompetitionSetupRecord, registration: Placed): QuotaKey | null {
  return quotaSlotOf(competition, registration)?.key ?? null;
}

function sameQuota(a: QuotaKey | null, b: QuotaKey): boolean {
  return a !== null && a.unionId.equals(b.unionId) && a.tradeCode === b.tradeCode && a.groupCode === b.groupCode;
}

/** True when a registration in `status` may still come to one of `targets` through the transition table. */
function mayReach(status: TRegistrationStatus, targets: readonly TRegistrationStatus[]): boolean {
  const seen = new Set<TRegistrationStatus>([status]);
  const next = [status];
  for (let current = next.pop(); current !== undefined; current = next.pop()) {
    if (targets.includes(current)) return true;
    for (const rule of Object.values(REGISTRATION_TRANSITIONS)) {
      if (rule.from.includes(current) && !seen.has(rule.to)) {
        seen.add(rule.to);
        next.push(rule.to);
      }
    }
  }
  return false;
}

/** Should the counter with `key` name the registration (as it is now) on `list`? */
function belongsOn(competition: CompetitionSetupRecord, registration: Placed | null, list: PlaceList, key: QuotaKey): boolean {
  return registration !== null && STATUSES_LISTED_IN[list].includes(registration.status) && sameQuota(placeOf(competition, registration), key);
}

function mayComeToBelongOn(competition: CompetitionSetupRecord, registration: Placed, list: PlaceList, key: QuotaKey): boolean {
  return mayReach(registration.status, STATUSES_LISTED_IN[list]) && sameQuota(placeOf(competition, registration), key);
}

function readPlaced(id: Types.ObjectId): Promise<Placed | null> {
  return RegistrationModel.findById(id, PLACED_FIELDS).lean<Placed>().exec();
}

/**
 * Takes a registration that should not be listed off the list. Decisions take a place before
 * changing the status, so a listed registration that does not hold may be one an official is
 * approving right now: after the conditional pull, the registration is read again and, if it may
 * still come to hold here, its version is bumped on the status and version just read. An approval
 * decided on an older version then loses (409, its hold undone) instead of completing without its
 * place; one that completed first is seen, and its place put back.
 */
async function releaseStray(competition: CompetitionSetupRecord, key: QuotaKey, list: PlaceList, id: Types.ObjectId): Promise<QuotaFindingOutcome> {
  if (belongsOn(competition, await readPlaced(id), list, key)) return 'resolved';
  if (!(await releaseFromList(key, list, id))) return 'resolved';
  for (let attempt = 0; attempt < SETTLE_ATTEMPTS; attempt += 1) {
    const now = await readPlaced(id);
    if (belongsOn(competition, now, list, key)) {
      await restoreToList(key, list, id);
      return 'resolved';
    }
    if (now === null || !mayComeToBelongOn(competition, now, list, key)) return 'repaired';
    const fenced = await RegistrationModel.updateOne({ _id: now._id, status: now.status, version: now.version }, { $inc: { version: 1 } }).exec();
    if (fenced.modifiedCount === 1) return 'repaired';
  }
  await restoreToList(key, list, id);
  return 'unsettled';
}

/**
 * Lists a registration whose status holds a place but is missing from the list. A withdrawal or
 * rejection that found nothing to give back may pass meanwhile: read again after, and release.
 */
async function restoreMissing(competition: CompetitionSetupRecord, key: QuotaKey, list: PlaceList, id: Types.ObjectId): Promise<QuotaFindingOutcome> {
  if (!belongsOn(competition, await readPlaced(id), list, key)) return 'resolved';
  const added = await restoreToList(key, list, id);
  if (!belongsOn(competition, await readPlaced(id), list, key)) {
    await releaseStray(competition, key, list, id);
    return 'resolved';
  }
  if (added) return 'repaired';
  return (await isListed(key, list, id)) ? 'resolved' : 'unsettled';
}

/**
 * Sets a list's count to the list's length, on the count and length just read. Every other
 * update changes both together, so a miss means a concurrent change: read again.
 */
async function settleCount(counterId: Types.ObjectId, list: PlaceList): Promise<Pick<QuotaFinding, 'counted' | 'outcome'> | null> {
  const count = PLACE_COUNT_OF[list];
  let first: { stored: number; listed: number } | null = null;
  for (let attempt = 0; attempt < SETTLE_ATTEMPTS; attempt += 1) {
    const counter = await QuotaCounterModel.findById(counterId).lean<QuotaCounterRecord>().exec();
    if (!counter) return null;
    const counted = { stored: counter[count], listed: counter[list].length };
    if (counted.stored === counted.listed) return first && { counted: first, outcome: 'resolved' };
    first ??= counted;
    const fixed = await QuotaCounterModel.updateOne(
      { _id: counterId, [count]: counted.stored, [list]: trusted({ $size: counted.listed }) },
      { $set: { [count]: counted.listed } },
    ).exec();
    if (fixed.modifiedCount === 1) return { counted: first, outcome: 'repaired' };
  }
  return { counted: first, outcome: 'unsettled' };
}

/** One counter (or one that should exist) with the registrations that should be on each of its lists. */
interface QuotaCheck {
  key: QuotaKey;
  counter: QuotaCounterRecord | null;
  expected: Record<PlaceList, Map<string, Placed>>;
}

/** The differences of one list of one counter, each repaired unless `dryRun`. */
async function reconcileList(competition: CompetitionSetupRecord, check: QuotaCheck, list: PlaceList, dryRun: boolean): Promise<Omit<QuotaFinding, 'quota'>[]> {
  const { key, counter, expected } = check;
  const findings: Omit<QuotaFinding, 'quota'>[] = [];
  // The count first, so the report shows the count as it was found.
  if (counter) {
    const counted = { stored: counter[PLACE_COUNT_OF[list]], listed: counter[list].length };
    const miscount = dryRun ? (counted.stored !== counted.listed ? { counted, outcome: 'reported' as const } : null) : await settleCount(counter._id, list);
    if (miscount) findings.push({ list, kind: 'miscounted', registrationId: null, status: null, ...miscount });
  }
  const listed = counter?.[list] ?? [];
  const strays = listed.filter((id) => !expected[list].has(id.toHexString()));
  const strayStatuses = strays.length ? await RegistrationModel.find({ _id: trusted({ $in: strays }) }, { status: 1 }).lean().exec() : [];
  for (const id of strays) {
    const status = strayStatuses.find((r) => r._id.equals(id))?.status ?? null;
    const outcome = dryRun ? 'reported' : await releaseStray(competition, key, list, id);
    findings.push({ list, kind: 'stray', registrationId: id.toHexString(), status, counted: null, outcome });
  }
  const listedIds = new Set(listed.map((id) => id.toHexString()));
  for (const [hex, registration] of expected[list]) {
    if (listedIds.has(hex)) continue;
    const outcome = dryRun ? 'reported' : await restoreMissing(competition, key, list, registration._id);
    findings.push({ list, kind: 'missing', registrationId: hex, status: registration.status, counted: null, outcome });
  }
  return findings;
}

async function reconcileCompetition(competition: CompetitionSetupRecord, dryRun: boolean, report: QuotaReconciliation): Promise<void> {
  const counters = await QuotaCounterModel.find({ competitionId: competition._id }).lean<QuotaCounterRecord[]>().exec();
  if (counters.length === 0 && (competition.quotas ?? []).length === 0) return;
  const holding = await RegistrationModel.find({ competitionId: competition._id, status: trusted({ $in: STATUSES_LISTED_IN.holders }) }, PLACED_FIELDS)
    .lean<Placed[]>()
    .exec();

  const checks = new Map<string, QuotaCheck>();
  const checkOf = (key: QuotaKey): QuotaCheck => {
    const id = `${key.unionId.toHexString()}|${key.tradeCode}|${key.groupCode}`;
    const check = checks.get(id) ?? { key, counter: null, expected: { holders: new Map(), confirmedHolders: new Map() } };
    checks.set(id, check);
    return check;
  };
  for (const counter of counters) {
    checkOf({ competitionId: counter.competitionId, unionId: counter.unionId, tradeCode: counter.tradeCode, groupCode: counter.groupCode }).counter = counter;
  }
  for (const registration of holding) {
    const key = placeOf(competition, registration);
    if (!key) continue;
    report.placesHeld += 1;
    for (const list of PLACE_LISTS) {
      if (STATUSES_LISTED_IN[list].includes(registration.status)) checkOf(key).expected[list].set(registration._id.toHexString(), registration);
    }
  }
  report.counters += counters.length;

  const unionNames = await unionNamesById([...checks.values()].map((check) => check.key.unionId));
  for (const check of checks.values()) {
    const { unionId, tradeCode, groupCode } = check.key;
    const trade = competition.trades.find((t) => t.code === tradeCode)?.name ?? tradeCode;
    const group = COMPETITION_GROUPS[groupCode as keyof typeof COMPETITION_GROUPS] ?? groupCode;
    const quota = `${competition.name} / ${unionNames.get(unionId.toHexString())?.name ?? unionId.toHexString()} / ${trade} / ${group}`;
    // Holders first: a confirmation is restored only on a holder.
    for (const list of PLACE_LISTS) {
      for (const finding of await reconcileList(competition, check, list, dryRun)) report.findings.push({ quota, ...finding });
    }
  }
}

/**
 * Compares every quota counter's lists with the registrations' statuses and, unless `dryRun`,
 * repairs the differences: a place held by a registration whose status does not hold one (a crash
 * between taking the place and the status change) is released, one missing is put back, a count
 * that is not its list's length is set to it. Every change is one conditional update and each
 * registration is read again right before, so it is safe while decisions are being made, and
 * when several processes run it at once.
 */
export async function reconcileQuotas({ dryRun }: { dryRun: boolean }): Promise<QuotaReconciliation> {
  const report: QuotaReconciliation = { dryRun, counters: 0, placesHeld: 0, findings: [] };
  const competitions = await CompetitionModel.find({}, { name: 1, trades: 1, participatingUnionIds: 1, quotas: 1 }).lean<CompetitionSetupRecord[]>().exec();
  for (const competition of competitions) await reconcileCompetition(competition, dryRun, report);
  return report;
}
