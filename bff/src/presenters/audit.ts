import {
  COMPETITION_GROUPS,
  EVIDENCE_KINDS,
  NATIONAL_ID_RELEASED_NOTE,
  ROLE_LABELS,
  ZEvidenceKind,
  ZRole,
  allowedDecisions,
  emptyStatusCounts,
  type TAuditCompetition,
  type TAuditDesk,
  type TAuditLevelState,
  type TAuditListItem,
  type TAuditRegistration,
  type TAuditSummary,
  type TAuditTrailEntry,
  type TNationalIdInUse,
  type TQuotaUsage,
} from '@contest/shared';
import type { Types } from 'mongoose';
import type { AuditEventRecord } from '../models/auditEvent';
import type { CompetitionSetupRecord } from '../models/competition';
import type { RegistrationRecord } from '../models/registration';
import type { DeskSummary, QuotaLine } from '../services/auditDashboard';
import { decidesAtLevel, levelPosition, type LevelPosition } from '../services/auditLevels';
import type { AuditDetail } from '../services/auditDetail';
import type { QueueRow } from '../services/auditQueue';
import type { NationalIdHolder } from '../services/nationalIdHolder';
import type { UnionNames } from '../services/scopeNames';
import { presentEvidenceItem } from './evidence';

const hex = (id: Types.ObjectId) => id.toHexString();

/** A two-level audit still with the unions: the level, its union, and the level below's approval. */
function presentAuditLevel(position: LevelPosition | null, registration: Partial<Pick<RegistrationRecord, 'timeline'>>, unions: UnionNames): TAuditLevelState | null {
  if (!position) return null;
  // A queue reads the timeline only for rows past their first level (services/auditQueue.ts).
  const forwarded = position.level > 1 ? [...(registration.timeline ?? [])].reverse().find((entry) => entry.action === 'union_forward') : undefined;
  return {
    level: position.level,
    levels: position.levels,
    unionName: unions.get(hex(position.unionId))?.name ?? '',
    ...(position.step ? { step: position.step } : {}),
    earlier: forwarded
      ? { level: forwarded.auditLevel ?? position.level - 1, unionName: forwarded.actorName ?? '', at: forwarded.at.toISOString(), reason: forwarded.reason }
      : null,
  };
}

/**
 * A queue row: the ID masked, what the desk may decide now. `deciders`: the unions the viewer acts
 * for at the union desk (a two-level audit opens decisions only to the level's own union).
 */
export function presentAuditListItem(
  desk: TAuditDesk,
  registration: QueueRow,
  competition: CompetitionSetupRecord,
  unions: UnionNames,
  deciders: readonly Types.ObjectId[] | 'all',
): TAuditListItem {
  const trade = competition.trades.find((t) => t.code === registration.tradeCode);
  const position = levelPosition(competition, registration);
  const decidesHere = desk === 'committee' || !position || decidesAtLevel(position, deciders);
  return {
    id: hex(registration._id),
    name: registration.name,
    sex: registration.sex,
    age: registration.age,
    nationalIdMasked: registration.nationalIdMasked ?? '',
    employer: registration.employer,
    union: { id: hex(registration.unionId), name: unions.get(hex(registration.unionId))?.name ?? '' },
    trade: { code: registration.tradeCode, name: trade?.name ?? registration.tradeCode },
    group: { code: registration.groupCode, name: COMPETITION_GROUPS[registration.groupCode] },
    skillLevel: registration.skillLevel ?? 'none',
    status: registration.status,
    version: registration.version,
    submittedAt: (registration.submittedAt ?? registration.createdAt).toISOString(),
    allowedDecisions: decidesHere ? allowedDecisions(desk, registration.status) : [],
    auditLevel: presentAuditLevel(position, registration, unions),
  };
}

function roleLabel(role: string | null | undefined, fallback: string): string {
  const parsed = ZRole.safeParse(role);
  return parsed.success ? ROLE_LABELS[parsed.data] : fallback;
}

/** Which photo an evidence view showed, from the event's detail. */
function evidenceKindOf(detail: unknown): string {
  const kind = ZEvidenceKind.safeParse((detail as { evidenceKind?: unknown } | null)?.evidenceKind);
  return kind.success ? EVIDENCE_KINDS[kind.data] : '照片';
}

/** The trail as officials see it: transitions and deliberate views of the full ID, oldest first. */
function presentTrail(registration: RegistrationRecord, events: AuditEventRecord[], people: Map<string, string>): TAuditTrailEntry[] {
  const person = (id: Types.ObjectId | null) => (id ? (people.get(hex(id)) ?? null) : null);
  const transitions: TAuditTrailEntry[] = registration.timeline.map((entry) => ({
    at: entry.at.toISOString(),
    kind: 'transition',
    action: entry.action,
    actorRole: entry.actor === 'worker' ? '报名人' : roleLabel(entry.actorRole, entry.actor === 'union' ? ROLE_LABELS.union_official : ROLE_LABELS.committee),
    actorBody: entry.actorName,
    actorPerson: entry.actor === 'worker' ? registration.name : person(entry.actorUserId),
    from: entry.from,
    to: entry.to,
    reason: entry.reason,
    ...(entry.nationalIdReleased ? { note: NATIONAL_ID_RELEASED_NOTE } : {}),
    ...(typeof entry.auditLevel === 'number' ? { auditLevel: entry.auditLevel } : {}),
  }));
  const reveals: TAuditTrailEntry[] = events.map((event) => ({
    at: event.at.toISOString(),
    kind: event.kind === 'evidence_view' ? 'evidence_view' : 'reveal',
    ...(event.kind === 'evidence_view' ? { note: `查看证明材料：${evidenceKindOf(event.detail)}` } : {}),
    action: null,
    actorRole: roleLabel(event.actorRole, event.actorRole),
    actorBody: event.actorBody,
    actorPerson: person(event.actorUserId),
    from: null,
    to: null,
    reason: null,
  }));
  return [...transitions, ...reveals].sort((a, b) => a.at.localeCompare(b.at));
}

/** Who holds a disputed ID number: the registration when the desk reaches it, else only that one exists. */
export function presentNationalIdInUse(holder: NationalIdHolder | null): TNationalIdInUse | null {
  if (!holder) return null;
  if (holder.reach === 'outside_scope') return { reach: 'outside_scope' };
  const { registration, unionName } = holder;
  return { reach: 'in_scope', id: hex(registration._id), name: registration.name, unionName, status: registration.status };
}

export function presentAuditRegistration(desk: TAuditDesk, detail: AuditDetail): TAuditRegistration {
  const { registration, competition, unions, events, people, quota, nationalIdInUse, evidence, deciders } = detail;
  const union = unions.get(hex(registration.unionId));
  return {
    ...presentAuditListItem(desk, registration, competition, unions, deciders),
    competition: { id: hex(competition._id), name: competition.name },
    union: {
      id: hex(registration.unionId),
      code: union?.code ?? '',
      name: union?.name ?? '',
      chain: registration.unionPath.map((id) => unions.get(hex(id))?.name ?? ''),
    },
    mobileMasked: registration.mobileMasked ?? '',
    yearsInTrade: registration.yearsInTrade,
    declarations: registration.declarations,
    quota: quota ? presentQuotaUsage(competition, quota) : null,
    nationalIdInUse: presentNationalIdInUse(nationalIdInUse),
    trail: presentTrail(registration, events, people),
    eligibilityClaims: registration.eligibilityClaims ?? null,
    evidence: evidence.map(presentEvidenceItem),
  };
}

export function presentAuditCompetition(competition: CompetitionSetupRecord, waiting: number): TAuditCompetition {
  return { id: hex(competition._id), name: competition.name, registrationClosesAt: competition.registrationClosesAt.toISOString(), waiting };
}

/** Places of one quota: used from the counters, left never below zero (the committee may lower places). */
export function presentQuotaUsage(competition: CompetitionSetupRecord, { quota, unionName, used }: QuotaLine): TQuotaUsage {
  return {
    unionId: hex(quota.unionId),
    unionName,
    tradeCode: quota.tradeCode,
    tradeName: competition.trades.find((t) => t.code === quota.tradeCode)?.name ?? quota.tradeCode,
    groupCode: quota.groupCode,
    groupName: COMPETITION_GROUPS[quota.groupCode],
    places: quota.places,
    used,
    left: quota.places === null ? null : Math.max(0, quota.places - used),
  };
}

export function presentAuditSummary(competition: CompetitionSetupRecord, { counts, scopeNames, unionNames, quotas, waitingHere }: DeskSummary): TAuditSummary {
  const byTrade: TAuditSummary['byTrade'] = competition.trades.flatMap((trade) =>
    trade.groups.map((group) => ({
      tradeCode: trade.code,
      tradeName: trade.name,
      groupCode: group,
      groupName: COMPETITION_GROUPS[group],
      counts: counts.byTrade.get(`${trade.code}|${group}`) ?? emptyStatusCounts(),
    })),
  );
  return {
    competition: { id: hex(competition._id), name: competition.name, registrationClosesAt: competition.registrationClosesAt.toISOString() },
    scopeNames,
    byStatus: counts.byStatus,
    byTrade,
    byUnion: [...counts.byUnion.entries()].map(([unionId, row]) => ({ unionId, unionName: unionNames.get(unionId) ?? '', counts: row })),
    quotas: quotas.map((line) => presentQuotaUsage(competition, line)),
    waitingHere,
    trades: competition.trades.map((t) => ({ code: t.code, name: t.name, groups: t.groups })),
  };
}
