import { Types, trusted } from 'mongoose';
import { AppError, MINIAPP_PAGES, invitationScene, type TInvitationCreateInput, type TInvitationStatus } from '@contest/shared';
import type { Logger } from '../logger';
import type { WeChatClient } from '../wechat';
import { invitationAuthority, invitationDecision, isAdmin, managedCompetitions } from '../auth/policies';
import type { Principal } from '../auth/principal';
import { hashSecret, newInvitationCode } from '../auth/tokens';
import { CompetitionModel } from '../models/competition';
import { InvitationModel, type InvitationRecord } from '../models/invitation';
import { RoleGrantModel, type RoleGrantRecord } from '../models/roleGrant';
import { UnionModel } from '../models/union';
import { isDuplicateKey } from '../models/duplicateKey';

const HOUR_MS = 60 * 60 * 1000;

export function invitationStatus(invitation: InvitationRecord, now: Date): TInvitationStatus {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  if (invitation.expiresAt <= now) return 'expired';
  return 'pending';
}

async function insertInvitation(fields: Partial<InvitationRecord>, expiresAt: Date): Promise<{ invitation: InvitationRecord; code: string }> {
  // A clash of two random 10-character codes is rare; draw again rather than fail.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const code = newInvitationCode();
    try {
      const created = await InvitationModel.create({ ...fields, codeHash: hashSecret(code), expiresAt });
      return { invitation: created.toObject<InvitationRecord>(), code };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  throw new Error('could not draw a free invitation code');
}

/** The mini-program code that opens the invitation page with the code filled in; null when WeChat fails. */
export async function drawInvitationQr(wechat: WeChatClient, code: string, log: Logger): Promise<Buffer | null> {
  try {
    return await wechat.getUnlimitedCode({ scene: invitationScene(code), page: MINIAPP_PAGES.invite, checkPath: false });
  } catch (error) {
    // The code alone still works: it is shown in large type beside where the QR would be.
    log.warn({ err: error }, 'could not draw the invitation QR');
    return null;
  }
}

/** Creates an invitation and draws its QR. */
export async function issueInvitation(
  deps: { wechat: WeChatClient; log: Logger },
  principal: Principal,
  input: TInvitationCreateInput,
  now: Date,
): Promise<{ invitation: InvitationRecord; code: string; qrPng: Buffer | null }> {
  const { invitation, code } = await createInvitation(principal, input, now);
  return { invitation, code, qrPng: await drawInvitationQr(deps.wechat, code, deps.log) };
}

export async function createInvitation(
  principal: Principal,
  input: TInvitationCreateInput,
  now: Date,
): Promise<{ invitation: InvitationRecord; code: string }> {
  const authority = invitationAuthority(principal, input.role, input.competitionId);
  if (authority.decision !== 'allowed') {
    throw authority.decision === 'out_of_scope' ? new AppError('COMPETITION_NOT_FOUND') : new AppError('FORBIDDEN', '您不能邀请该角色，或不能授予该范围');
  }
  if (input.unionId && !(await UnionModel.exists({ _id: new Types.ObjectId(input.unionId) }))) throw new AppError('UNION_NOT_FOUND');
  if (input.competitionId) {
    const competition = await CompetitionModel.findById(input.competitionId, { venues: 1 }).lean().exec();
    if (!competition) throw new AppError('COMPETITION_NOT_FOUND');
  }
  return insertInvitation(
    {
      role: input.role,
      unionId: input.unionId ? new Types.ObjectId(input.unionId) : null,
      competitionId: input.competitionId ? new Types.ObjectId(input.competitionId) : null,
      venue: input.venue,
      note: input.note,
      createdBy: principal.userId,
      issuedUnderGrantId: authority.grant._id,
    },
    new Date(now.getTime() + input.expiresInHours * HOUR_MS),
  );
}

/** The first admin's invitation, printed by `npm run admin:invite`; there is no default password. */
export function createBootstrapAdminInvitation(now: Date, hours = 24): Promise<{ invitation: InvitationRecord; code: string }> {
  return insertInvitation({ role: 'admin', note: '命令行创建的管理员邀请', createdBy: null }, new Date(now.getTime() + hours * HOUR_MS));
}

/** Filter for the invitations a principal may see and revoke. */
function visibleInvitationsFilter(principal: Principal) {
  if (isAdmin(principal)) return {};
  const scope = managedCompetitions(principal);
  if (scope === 'all') return { role: trusted({ $ne: 'admin' as const }) };
  return {
    $or: [{ createdBy: principal.userId }, { competitionId: trusted({ $in: [...scope].map((id) => new Types.ObjectId(id)) }) }],
  };
}

export async function listInvitations(principal: Principal): Promise<InvitationRecord[]> {
  return InvitationModel.find(visibleInvitationsFilter(principal)).sort({ createdAt: -1 }).limit(200).lean<InvitationRecord[]>().exec();
}

export async function revokeInvitation(principal: Principal, id: string, now: Date): Promise<InvitationRecord> {
  if (!Types.ObjectId.isValid(id)) throw new AppError('INVITATION_NOT_FOUND');
  const filter = { ...visibleInvitationsFilter(principal), _id: new Types.ObjectId(id) };
  const invitation = await InvitationModel.findOne(filter).lean<InvitationRecord>().exec();
  if (!invitation) throw new AppError('INVITATION_NOT_FOUND');
  if (invitation.acceptedAt) throw new AppError('INVITATION_USED', '该邀请已被接受，请撤销对应的角色授权');
  if (invitation.revokedAt) return invitation;
  const revoked = await InvitationModel.findOneAndUpdate(
    { _id: invitation._id, acceptedAt: null },
    { $set: { revokedAt: now, revokedBy: principal.userId } },
    { returnDocument: 'after' },
  )
    .lean<InvitationRecord>()
    .exec();
  if (!revoked) throw new AppError('INVITATION_USED', '该邀请已被接受，请撤销对应的角色授权');
  return revoked;
}

/** What an invitation offers, so the invited person can see it before accepting. */
export async function findInvitationByCode(code: string, now: Date): Promise<InvitationRecord> {
  const invitation = await InvitationModel.findOne({ codeHash: hashSecret(code) }).lean<InvitationRecord>().exec();
  if (!invitation) throw new AppError('INVITATION_NOT_FOUND');
  const status = invitationStatus(invitation, now);
  if (status === 'accepted') throw new AppError('INVITATION_USED');
  if (status === 'revoked') throw new AppError('INVITATION_REVOKED');
  if (status === 'expired') throw new AppError('INVITATION_EXPIRED');
  return invitation;
}

/**
 * An invitation dies with its creator's authority: the creator must still hold a grant that may
 * grant this role and scope (the first admin's invitation, made on the command line, has no creator).
 */
async function creatorStillMayGrant(invitation: InvitationRecord): Promise<boolean> {
  if (!invitation.createdBy) return true;
  const grants = await RoleGrantModel.find({ userId: invitation.createdBy, revokedAt: null }).lean<RoleGrantRecord[]>().exec();
  const competitionId = invitation.competitionId ? invitation.competitionId.toHexString() : null;
  return invitationDecision({ grants }, invitation.role, competitionId) === 'allowed';
}

/** Claims the invitation (once, atomically) and binds its role to the caller. */
export async function acceptInvitation(principal: Principal, code: string, now: Date): Promise<RoleGrantRecord> {
  const invitation = await findInvitationByCode(code, now);
  if (invitation.createdBy?.equals(principal.userId)) throw new AppError('INVITATION_OWN');
  if (!(await creatorStillMayGrant(invitation))) throw new AppError('INVITATION_REVOKED', '邀请人已无权授予该角色，邀请已失效');
  const claimed = await InvitationModel.findOneAndUpdate(
    { codeHash: hashSecret(code), acceptedAt: null, revokedAt: null, expiresAt: trusted({ $gt: now }) },
    { $set: { acceptedAt: now, acceptedBy: principal.userId } },
    { returnDocument: 'after' },
  )
    .lean<InvitationRecord>()
    .exec();
  // Someone else accepted (or it was revoked) between our read and our claim.
  if (!claimed) throw new AppError('INVITATION_USED');
  try {
    const grant = await RoleGrantModel.create({
      userId: principal.userId,
      role: claimed.role,
      unionId: claimed.unionId,
      competitionId: claimed.competitionId,
      venue: claimed.venue,
      invitationId: claimed._id,
      grantedBy: claimed.createdBy,
    });
    return grant.toObject<RoleGrantRecord>();
  } catch (error) {
    // Leave nothing half-done: an invitation is only used once its grant exists.
    await InvitationModel.updateOne({ _id: claimed._id, acceptedBy: principal.userId }, { $set: { acceptedAt: null, acceptedBy: null } }).exec();
    throw error;
  }
}
