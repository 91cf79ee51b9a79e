import { Types, trusted } from 'mongoose';
import { AppError } from '@contest/shared';
import type { Principal } from '../auth/principal';
import { hashSecret, newSessionToken } from '../auth/tokens';
import { RoleGrantModel, type RoleGrantRecord } from '../models/roleGrant';
import { SessionModel, type SessionRecord } from '../models/session';
import { UserModel, type UserRecord } from '../models/user';
import type { WeChatClient } from '../wechat/client';
import { WeChatError } from '../wechat/errors';
import { ShortLivedCache } from './shortLivedCache';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A session's expiry moves forward at most this often, so reads do not each cost a write. */
const RENEW_EVERY_MS = 60 * 60 * 1000;

export interface IssuedSession {
  token: string;
  expiresAt: Date;
  user: UserRecord;
}

/** Exchanges a wx.login code with WeChat and opens a BFF session for that openid. */
export async function signInWithWeChat(
  wechat: WeChatClient,
  code: string,
  options: { now: Date; idleDays: number },
): Promise<IssuedSession> {
  let openid: string;
  let unionid: string | undefined;
  try {
    ({ openid, unionid } = await wechat.code2Session(code));
  } catch (error) {
    if (error instanceof WeChatError && error.kind === 'permanent') throw new AppError('WECHAT_CODE_INVALID');
    if (error instanceof WeChatError) throw new AppError('WECHAT_UNAVAILABLE');
    throw error;
  }
  const user = await UserModel.findOneAndUpdate(
    { openid },
    { $set: { lastSignInAt: options.now, ...(unionid ? { unionid } : {}) }, $setOnInsert: { openid } },
    { upsert: true, returnDocument: 'after' },
  )
    .lean<UserRecord>()
    .exec();
  const token = newSessionToken();
  const expiresAt = new Date(options.now.getTime() + options.idleDays * DAY_MS);
  await SessionModel.create({ tokenHash: hashSecret(token), userId: user._id, expiresAt, lastUsedAt: options.now });
  return { token, expiresAt, user };
}

/**
 * Sessions read in the last 2 s, by token hash: a worker's requests come in bursts. A sign-out
 * takes effect at once in its own process and within these seconds in the others; roles and the
 * account are not kept (read below on every request).
 */
const recentSessions = new ShortLivedCache<SessionRecord>(2_000, 10_000);

/** The principal behind a bearer token, renewing the session's expiry; null when unknown or expired. */
export async function authenticateToken(token: string, options: { now: Date; idleDays: number }): Promise<Principal | null> {
  const tokenHash = hashSecret(token);
  const cached = recentSessions.peek(tokenHash);
  let session =
    cached && cached.expiresAt > options.now
      ? cached
      : await SessionModel.findOne({ tokenHash, expiresAt: trusted({ $gt: options.now }) })
          .lean<SessionRecord>()
          .exec();
  if (!session) return null;
  if (options.now.getTime() - session.lastUsedAt.getTime() > RENEW_EVERY_MS) {
    const renewed = { lastUsedAt: options.now, expiresAt: new Date(options.now.getTime() + options.idleDays * DAY_MS) };
    await SessionModel.updateOne({ _id: session._id }, { $set: renewed }).exec();
    session = { ...session, ...renewed };
  }
  if (session !== cached) recentSessions.set(tokenHash, session);
  // The account and its grants in one round trip, read on every request so that a revoked role
  // stops working on the next one. The driver's aggregate: every request sends it, and there is
  // nothing for mongoose to cast or hook.
  const [account] = await UserModel.collection
    .aggregate<{ privacyAcceptedVersion?: string | null; grants: RoleGrantRecord[] }>([
      { $match: { _id: session.userId } },
      { $project: { privacyAcceptedVersion: 1 } },
      { $lookup: { from: RoleGrantModel.collection.collectionName, localField: '_id', foreignField: 'userId', as: 'grants' } },
    ])
    .toArray();
  if (!account) return null;
  return {
    userId: session.userId,
    sessionId: session._id,
    grants: account.grants.filter((grant) => grant.revokedAt == null),
    privacyAcceptedVersion: account.privacyAcceptedVersion ?? null,
  };
}

export async function signOut(sessionId: Types.ObjectId): Promise<void> {
  await SessionModel.deleteOne({ _id: sessionId }).exec();
  recentSessions.forgetWhere((session) => session._id.equals(sessionId));
}
