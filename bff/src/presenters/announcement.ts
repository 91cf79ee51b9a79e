import {
  ANNOUNCEMENT_STATUS_LABELS,
  COMPETITION_GROUPS,
  type TAnnouncement,
  type TReceivedAnnouncement,
} from '@contest/shared';
import type { AnnouncementRecord } from '../models/announcement';
import type { CompetitionSetupRecord } from '../models/competition';
import type { AnnouncementsOfCompetition, AnnouncementWithCounts } from '../services/notifications/announcements';
import type { UnionNames } from '../services/scopeNames';

/** Who a notice is for, in words: 焊工、电工 · 职工组 · 报名成功 · 河西区总工会, or 全部报名人. */
function audienceText(announcement: AnnouncementRecord, competition: CompetitionSetupRecord, unions: UnionNames): string {
  const { tradeCodes, groupCodes, statuses, unionIds } = announcement.audience;
  const parts = [
    tradeCodes.map((code) => competition.trades.find((t) => t.code === code)?.name ?? code),
    groupCodes.map((code) => COMPETITION_GROUPS[code]),
    statuses.map((status) => ANNOUNCEMENT_STATUS_LABELS[status]),
    unionIds.map((id) => unions.get(id.toHexString())?.name ?? '（工会已删除）'),
  ].filter((names) => names.length > 0);
  return parts.length === 0 ? '全部报名人' : parts.map((names) => names.join('、')).join(' · ');
}

export function presentAnnouncement({ announcement, reached, pushed }: AnnouncementWithCounts, competition: CompetitionSetupRecord, unions: UnionNames): TAnnouncement {
  return {
    id: announcement._id.toHexString(),
    competitionId: announcement.competitionId.toHexString(),
    title: announcement.title,
    body: announcement.body,
    audience: {
      tradeCodes: announcement.audience.tradeCodes,
      groupCodes: announcement.audience.groupCodes,
      statuses: announcement.audience.statuses,
      unionIds: announcement.audience.unionIds.map((id) => id.toHexString()),
    },
    audienceText: audienceText(announcement, competition, unions),
    state: announcement.state,
    reached,
    pushed,
    createdAt: announcement.publishedAt.toISOString(),
  };
}

/** The committee's view of a competition's notices. */
export function presentAnnouncements({ competition, unions, items }: AnnouncementsOfCompetition): TAnnouncement[] {
  return items.map((item) => presentAnnouncement(item, competition, unions));
}

/** A notice as a person it reached reads it: never its audience, author or counts. */
export function presentReceivedAnnouncement(announcement: AnnouncementRecord): TReceivedAnnouncement {
  return {
    id: announcement._id.toHexString(),
    competition: { id: announcement.competitionId.toHexString(), name: announcement.competitionName },
    title: announcement.title,
    body: announcement.body,
    createdAt: announcement.publishedAt.toISOString(),
  };
}
