/**
 * Many registrations of one competition written straight to the database with insertMany, for
 * the benches and the tests that need a large queue or sheet (bench:audit, bench:export, the
 * export's back-pressure test). Statuses mostly 'submitted', trades and groups spread, ID and
 * phone only masked: the queue never decrypts and the sheet shows masked IDs, so the cipher is
 * skipped.
 */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { PRIVACY_NOTICE_VERSION, ZSkillLevel, type TRegistrationStatus } from '@contest/shared';
import type { CompetitionSetupRecord } from '@contest/bff/src/models/competition';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import type { UnionWithId } from '@contest/bff/src/models/union';

const INSERT_BATCH = 2_000;

/** A small deterministic generator (mulberry32), so every run seeds the same spread. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mostly waiting for the union, as during registration; the rest spread over the later states. */
const STATUS_SHARES: Array<[TRegistrationStatus, number]> = [
  ['submitted', 0.85],
  ['union_approved', 0.08],
  ['confirmed', 0.04],
  ['union_rejected', 0.015],
  ['committee_rejected', 0.005],
  ['withdrawn', 0.01],
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '霞'];
const EMPLOYERS = ['天津港（集团）有限公司第一码头', '天津一汽丰田汽车有限公司', '天津钢管制造有限公司', '中车唐山机车车辆有限公司天津分公司', '天津轨道交通运营集团有限公司'];
const SKILL_LEVELS = ZSkillLevel.options;

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function pickStatus(random: () => number): TRegistrationStatus {
  let r = random();
  for (const [status, share] of STATUS_SHARES) {
    r -= share;
    if (r < 0) return status;
  }
  return 'submitted';
}

export interface Placement {
  union: UnionWithId;
  /** The union's chain, itself last. */
  path: Types.ObjectId[];
}

export const placementOf = (union: UnionWithId): Placement => ({ union, path: [...union.ancestorIds, union._id] });

function registrationDoc(random: () => number, competition: CompetitionSetupRecord, placement: Placement, i: number, now: Date) {
  const status = pickStatus(random);
  const trade = pick(random, competition.trades);
  const groupCode = trade.groups.length > 1 && random() < 0.2 ? 'student' : (trade.groups[0] as 'worker' | 'student');
  const sequence = String(i % 1000).padStart(3, '0');
  const birthYear = groupCode === 'student' ? 2004 + Math.floor(random() * 4) : 1970 + Math.floor(random() * 30);
  const submittedAt = new Date(now.getTime() - Math.floor(random() * 30 * 86_400_000));
  const decided = status !== 'submitted' && status !== 'withdrawn';
  return {
    // Ascending ids in insertion order, like registrations arriving over time.
    _id: new Types.ObjectId(),
    competitionId: competition._id,
    unionId: placement.union._id,
    unionPath: placement.path,
    userId: new Types.ObjectId(),
    name: pick(random, SURNAMES) + pick(random, GIVEN) + (random() < 0.5 ? pick(random, GIVEN) : ''),
    nationalIdSealed: null,
    // Unique per person (the one-active-registration index); the cipher's keyed hash is skipped here.
    nationalIdHash: `bench-${i}-${randomBytes(8).toString('hex')}`,
    nationalIdMasked: `120103********${sequence}X`,
    mobileSealed: null,
    mobileHash: `bench-m-${i}`,
    mobileMasked: `138****${String(i % 10_000).padStart(4, '0')}`,
    age: now.getUTCFullYear() - birthYear,
    sex: random() < 0.5 ? 'male' : 'female',
    employer: pick(random, EMPLOYERS),
    tradeCode: trade.code,
    groupCode,
    skillLevel: pick(random, SKILL_LEVELS),
    yearsInTrade: Math.floor(random() * 20),
    declarations: { notFullTimeStudent: groupCode === 'worker', noExcludedHonour: true, localResidence: false },
    venue: null,
    status,
    active: status !== 'withdrawn',
    version: decided ? (status === 'confirmed' || status === 'committee_rejected' ? 2 : 1) : 0,
    privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
    submittedAt,
    timeline: [{ at: submittedAt, action: 'submit', actor: 'worker', actorUserId: null, actorRole: null, actorName: null, from: null, to: 'submitted', reason: null }],
    createdAt: submittedAt,
    updatedAt: submittedAt,
  };
}

export interface BulkSeed {
  total: number;
  /** How many of them at `inUnion`'s unions (spread evenly among the others); the rest go `elsewhere`. */
  unionRows: number;
  /** Two thirds of the union's rows at the first, the rest at the second (e.g. a district and its sub-union). */
  inUnion: [Placement, Placement];
  elsewhere: Placement[];
}

/**
 * Inserts the registrations in batches; returns the ids of the `inUnion` rows that are
 * 'submitted', in queue order (e.g. for a deep page's cursor).
 */
export async function seedBulkRegistrations(competition: CompetitionSetupRecord, seed: BulkSeed, now: Date): Promise<Types.ObjectId[]> {
  const random = randomSource(20261124);
  const waitingInUnion: Types.ObjectId[] = [];
  let unionLeft = seed.unionRows;
  for (let start = 0; start < seed.total; start += INSERT_BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(start + INSERT_BATCH, seed.total); i += 1) {
      // Exactly unionRows in the union: its share of what is left, drawn at random.
      const atUnion = random() < unionLeft / (seed.total - i);
      if (atUnion) unionLeft -= 1;
      const placement = atUnion ? (random() < 2 / 3 ? seed.inUnion[0] : seed.inUnion[1]) : pick(random, seed.elsewhere);
      const doc = registrationDoc(random, competition, placement, i, now);
      if (atUnion && doc.status === 'submitted') waitingInUnion.push(doc._id);
      batch.push(doc);
    }
    await RegistrationModel.insertMany(batch, { lean: true });
  }
  return waitingInUnion;
}
