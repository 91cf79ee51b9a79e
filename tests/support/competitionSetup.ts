import { resolveResultsSettings } from '@contest/shared';
import type {
  TCompetitionDetailData,
  TCompetitionGroup,
  TCompetitionSetupInput,
  TCompetitionSetupView,
  TParticipatingUnion,
} from '@contest/shared';

/**
 * Competition set-ups for tests, written once: the request the committee sends (schema and API
 * tests) and the view the BFF answers (mini-program tests).
 */

/** 职工组 and 学生组, the groups of every test competition. */
export function bothGroups(): TCompetitionGroup[] {
  return [
    { code: 'worker', name: '职工组' },
    { code: 'student', name: '学生组' },
  ];
}

/**
 * A set-up the shared schema takes: 焊工 and 数控车工 for both groups, registration open from
 * 1 March to 31 May 2027, the given unions taking part; `overrides` replace whole fields.
 */
export function competitionSetupInput(participatingUnionIds: string[], overrides: Partial<TCompetitionSetupInput> = {}): TCompetitionSetupInput {
  return {
    name: '2027年天津市职工职业技能大赛',
    organiser: '天津市职工职业技能大赛组织委员会',
    registrationOpensAt: '2027-03-01T00:00:00+08:00',
    registrationClosesAt: '2027-05-31T23:59:59+08:00',
    groups: bothGroups(),
    trades: [
      { code: 'welding', name: '焊工', groups: ['worker', 'student'] },
      { code: 'cnc-turning', name: '数控车工', groups: ['worker', 'student'] },
    ],
    participatingUnionIds,
    ...overrides,
  };
}

/** The ids and the named entries of the participating unions, as a set-up view carries them. */
export function participating(...unions: TParticipatingUnion[]): Pick<TCompetitionSetupView, 'participatingUnionIds' | 'participatingUnions'> {
  return { participatingUnionIds: unions.map((u) => u.id), participatingUnions: unions };
}

/**
 * `competition` (as the public API presents it) as the committee's set-up API answers it:
 * published, at version 1, with no unions, quotas or venues unless `overrides` set them.
 */
export function competitionSetupView(competition: TCompetitionDetailData, overrides: Partial<TCompetitionSetupView> = {}): TCompetitionSetupView {
  return {
    ...competition,
    slug: 'haihe-cup',
    publication: 'published',
    ...participating(),
    quotas: [],
    venues: [],
    results: resolveResultsSettings(undefined, competition.trades),
    auditLevels: 1,
    groupPaths: {},
    hostUnits: [],
    version: 1,
    ...overrides,
  };
}
