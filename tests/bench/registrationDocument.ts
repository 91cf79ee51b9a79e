/**
 * A registration as the app stores it after its submission and a union approval whose notification
 * was relayed (bff/src/models/registration.ts, services/registrations.ts and registrationLifecycle.ts):
 * for bench:store and the devstore's memory test.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { ObjectId } from 'bson';

const TRADES = ['welder', 'electrician', 'cnc_lathe', 'fitter', 'chef', 'nursing_aide'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟'];
const UNION_NAMES = ['河西区总工会', '河东区总工会', '南开区总工会', '和平区总工会', '红桥区总工会'];

/** A keyed hash as the cipher makes them (64 hex characters). */
const hmacHex = (purpose: string, i: number): string => createHash('sha256').update(`${purpose}:${i}`).digest('hex');

/** A sealed value as PersonalDataCipher.encrypt writes it: v1.<key>.<iv>.<tag>.<ciphertext>, base64url. */
const sealed = (plaintextBytes: number): string =>
  ['v1', 'k2025', randomBytes(12), randomBytes(16), randomBytes(plaintextBytes)].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');

export interface Setting {
  competitions: ObjectId[];
  /** Base unions, each with its path [city, district, base]. */
  unions: { id: ObjectId; path: ObjectId[]; body: string }[];
  officials: ObjectId[];
}

export function setting(): Setting {
  const city = new ObjectId();
  const districts = UNION_NAMES.map(() => new ObjectId());
  const unions = Array.from({ length: 500 }, (_, k) => {
    const id = new ObjectId();
    const d = k % districts.length;
    return { id, path: [city, districts[d] as ObjectId, id], body: UNION_NAMES[d] as string };
  });
  return { competitions: [new ObjectId(), new ObjectId(), new ObjectId()], unions, officials: Array.from({ length: 200 }, () => new ObjectId()) };
}

/** Registration i as stored after its submission and a union approval (whose notification was relayed). */
export function registration(i: number, s: Setting): Record<string, unknown> {
  const submittedAt = new Date(Date.UTC(2025, 2, 1) + i * 1000);
  const approvedAt = new Date(submittedAt.getTime() + 86_400_000);
  const union = s.unions[i % s.unions.length] as Setting['unions'][number];
  const trade = TRADES[i % TRADES.length] as string;
  const official = s.officials[i % s.officials.length] as ObjectId;
  return {
    _id: new ObjectId(),
    competitionId: s.competitions[i % s.competitions.length],
    userId: new ObjectId(),
    unionId: union.id,
    unionPath: union.path,
    name: `${SURNAMES[i % SURNAMES.length] as string}${GIVEN[(i >> 3) % GIVEN.length] as string}${GIVEN[(i >> 7) % GIVEN.length] as string}`,
    nationalIdSealed: sealed(18),
    nationalIdHash: hmacHex('national-id', i),
    nationalIdMasked: `1201**********${String(1000 + (i % 9000))}`,
    mobileSealed: sealed(11),
    mobileHash: hmacHex('mobile', i),
    mobileMasked: `138****${String(1000 + (i % 9000))}`,
    age: 20 + (i % 40),
    sex: i % 2 === 0 ? 'male' : 'female',
    employer: `天津市第${1 + (i % 300)}机械厂`,
    tradeCode: trade,
    groupCode: i % 5 === 0 ? 'student' : 'worker',
    skillLevel: i % 3 === 0 ? 'senior' : null,
    yearsInTrade: i % 25,
    declarations: { notFullTimeStudent: true, noExcludedHonour: true, localResidence: true },
    eligibilityClaims: { residence: { basis: 'hukou', hukouLocation: '天津市河西区' }, skillCertificateNumber: i % 3 === 0 ? `S${String(100000000 + i)}` : null, honours: [] },
    venue: null,
    status: 'union_approved',
    active: true,
    accountSlot: 0,
    version: 1,
    privacyNoticeVersion: '2025-01',
    submittedAt,
    timeline: [
      { at: submittedAt, action: 'submit', actor: 'worker', actorUserId: null, actorRole: null, actorName: null, from: null, to: 'submitted', reason: null },
      { at: approvedAt, action: 'union_approve', actor: 'union', actorUserId: official, actorRole: 'union_official', actorName: union.body, from: 'submitted', to: 'union_approved', reason: null },
    ],
    // Pushed by the approval, pulled by the relay once the notification was written.
    outbox: [],
    idempotencyKey: randomUUID(),
    idempotencyRequestHash: hmacHex('request', i),
    createdAt: submittedAt,
    updatedAt: approvedAt,
    __v: 0,
  };
}
