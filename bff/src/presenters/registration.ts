import {
  COMPETITION_GROUPS,
  NATIONAL_ID_RELEASED_NOTE,
  canTake,
  isRegistrationOpen,
  type TMyRegistration,
  type TMyRegistrationList,
  type TMyResult,
  type TNotificationTemplateKey,
} from '@contest/shared';
import type { Types } from 'mongoose';
import { templateIdsToAskFor } from '../services/notifications/grants';
import { releasedItsNumber, type RegistrationWithContext } from '../services/registrations';
import type { UnionNames } from '../services/scopeNames';

/** WeChat's template id per catalogue template (NOTIFY_TEMPLATE_IDS). */
type TemplateIds = Partial<Record<TNotificationTemplateKey, string>>;

/**
 * A registration as its owner sees it: ID and phone masked, the timeline without officials'
 * personal details, the actions open to the owner now, and the subscribe templates still ahead of it.
 */
export function presentMyRegistration(
  { registration, competition }: RegistrationWithContext,
  unions: UnionNames,
  now: Date,
  templateIds: TemplateIds,
  result: TMyResult | null = null,
): TMyRegistration {
  const nameOf = (id: Types.ObjectId) => unions.get(id.toHexString())?.name ?? '';
  const union = unions.get(registration.unionId.toHexString());
  const trade = competition.trades.find((t) => t.code === registration.tradeCode);
  const allowedActions: TMyRegistration['allowedActions'] = [];
  if (canTake('resubmit', registration.status) && isRegistrationOpen(competition, now) && !releasedItsNumber(registration)) allowedActions.push('resubmit');
  if (canTake('withdraw', registration.status)) allowedActions.push('withdraw');
  return {
    id: registration._id.toHexString(),
    competition: { id: competition._id.toHexString(), name: competition.name },
    union: {
      id: registration.unionId.toHexString(),
      code: union?.code ?? '',
      name: union?.name ?? '',
      chain: registration.unionPath.map(nameOf),
    },
    name: registration.name,
    nationalIdMasked: registration.nationalIdMasked ?? '',
    mobileMasked: registration.mobileMasked ?? '',
    age: registration.age,
    sex: registration.sex,
    employer: registration.employer,
    trade: { code: registration.tradeCode, name: trade?.name ?? registration.tradeCode },
    group: { code: registration.groupCode, name: COMPETITION_GROUPS[registration.groupCode] },
    skillLevel: registration.skillLevel ?? 'none',
    yearsInTrade: registration.yearsInTrade,
    declarations: registration.declarations,
    status: registration.status,
    version: registration.version,
    submittedAt: (registration.submittedAt ?? registration.createdAt).toISOString(),
    updatedAt: registration.updatedAt.toISOString(),
    allowedActions,
    timeline: registration.timeline.map((entry) => ({
      at: entry.at.toISOString(),
      action: entry.action,
      actor: entry.actor,
      actorName: entry.actorName,
      from: entry.from,
      to: entry.to,
      reason: entry.reason,
      ...(entry.nationalIdReleased ? { note: NATIONAL_ID_RELEASED_NOTE } : {}),
      ...(typeof entry.auditLevel === 'number' ? { auditLevel: entry.auditLevel } : {}),
    })),
    subscribeTemplateIds: templateIdsToAskFor([registration.status], templateIds),
    pass: registration.pass ? { number: registration.pass.number, revoked: Boolean(registration.pass.revokedAt) } : null,
    result,
  };
}

/** 我的报名: the registrations, and the templates to ask grants for when it is opened and when submitting. */
export function presentMyRegistrationList(items: TMyRegistration[], templateIds: TemplateIds): TMyRegistrationList {
  return {
    items,
    subscribeTemplateIds: templateIdsToAskFor(items.map((item) => item.status), templateIds),
    submitTemplateIds: templateIdsToAskFor(['submitted'], templateIds),
  };
}
