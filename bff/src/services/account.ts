import type { Types } from 'mongoose';
import { AppError } from '@contest/shared';
import type { Principal } from '../auth/principal';
import { RoleGrantModel, type RoleGrantRecord } from '../models/roleGrant';
import { UserModel, type UserRecord } from '../models/user';
import { loadScopeNames, type ScopeNames } from './scopeNames';

export interface Account {
  user: UserRecord;
  grants: RoleGrantRecord[];
  names: ScopeNames;
}

/** A person with their current roles and the names of what those roles cover. */
export async function loadAccount(userId: Types.ObjectId): Promise<Account> {
  const [user, grants] = await Promise.all([
    UserModel.findById(userId).lean<UserRecord>().exec(),
    RoleGrantModel.find({ userId, revokedAt: null }).sort({ createdAt: 1 }).lean<RoleGrantRecord[]>().exec(),
  ]);
  // A session whose user is gone is as good as no session.
  if (!user) throw new AppError('SESSION_EXPIRED');
  return { user, grants, names: await loadScopeNames(grants) };
}

/** Records which privacy-notice version the person accepted, and when. */
export async function acceptPrivacyNotice(principal: Principal, version: string, now: Date): Promise<Account> {
  await UserModel.updateOne({ _id: principal.userId }, { $set: { privacyAcceptedVersion: version, privacyAcceptedAt: now } }).exec();
  return loadAccount(principal.userId);
}
