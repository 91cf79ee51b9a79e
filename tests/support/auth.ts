import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { PRIVACY_NOTICE_VERSION, type TRole } from '@contest/shared';
import { hashSecret, newSessionToken } from '@contest/bff/src/auth/tokens';
import { RoleGrantModel } from '@contest/bff/src/models/roleGrant';
import { SessionModel } from '@contest/bff/src/models/session';
import { UserModel } from '@contest/bff/src/models/user';

export interface TestGrant {
  role: TRole;
  unionId?: Types.ObjectId | string | null;
  competitionId?: Types.ObjectId | string | null;
  venue?: string | null;
}

export interface TestPerson {
  userId: Types.ObjectId;
  token: string;
  /** `{ Authorization: 'Bearer …' }` for supertest's `.set()`. */
  auth: { Authorization: string };
}

const toId = (id: Types.ObjectId | string | null | undefined) => (id ? new Types.ObjectId(String(id)) : null);

/**
 * A signed-in person holding `grants`, written straight to the database: tests of roles and
 * scopes need not go through WeChat sign-in each time (the sign-in itself has its own tests).
 */
export async function signInAs(grants: TestGrant[] = [], options: { privacyAccepted?: boolean } = {}): Promise<TestPerson> {
  const now = new Date();
  const user = await UserModel.create({
    openid: `test-openid-${randomBytes(8).toString('hex')}`,
    lastSignInAt: now,
    ...(options.privacyAccepted ? { privacyAcceptedVersion: PRIVACY_NOTICE_VERSION, privacyAcceptedAt: now } : {}),
  });
  const token = newSessionToken();
  // Long-lived, so tests may move their clock a year ahead.
  await SessionModel.create({ tokenHash: hashSecret(token), userId: user._id, expiresAt: new Date(now.getTime() + 400 * 86_400_000), lastUsedAt: now });
  for (const grant of grants) {
    await RoleGrantModel.create({
      userId: user._id,
      role: grant.role,
      unionId: toId(grant.unionId),
      competitionId: toId(grant.competitionId),
      venue: grant.venue ?? null,
    });
  }
  return { userId: user._id, token, auth: { Authorization: `Bearer ${token}` } };
}

/** One person of each kind, for tests of who may do what: committeeA manages only `competitionId`. */
export async function signInCast(competitionId: Types.ObjectId | string, officialUnionId: Types.ObjectId | string, venue = '主赛场') {
  return {
    worker: await signInAs([]),
    venue: await signInAs([{ role: 'venue_staff', competitionId, venue }]),
    official: await signInAs([{ role: 'union_official', unionId: officialUnionId }]),
    committeeA: await signInAs([{ role: 'committee', competitionId }]),
    committee: await signInAs([{ role: 'committee' }]),
    admin: await signInAs([{ role: 'admin' }]),
  };
}
