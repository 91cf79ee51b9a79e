import type { TCompetitionDetailData, TCompetitionSummary, TParticipatingUnion } from '@contest/shared'
import { bothGroups } from '../../support/competitionSetup'
import { HEXI_UNION_ID } from './me'

/** The demo competition the BFF seeds, as its API presents it. */
export const haiheCup: TCompetitionDetailData = {
  id: '64b7f0c2a1b2c3d4e5f60718',
  name: '2020年“海河工匠杯”技能大赛—天津市职工职业技能大赛',
  organiser: '天津市职工职业技能大赛组织委员会',
  description: '以赛促学、以赛促练，弘扬劳模精神、劳动精神、工匠精神。',
  status: 'open',
  registrationOpensAt: '2020-08-01T00:00:00+08:00',
  registrationClosesAt: '2020-08-31T23:59:59+08:00',
  groups: bothGroups(),
  trades: [
    { code: 'cnc-lathe', name: '数控车工', groups: ['worker', 'student'] },
    { code: 'welder', name: '焊工', groups: ['worker', 'student'] },
    { code: 'fitter', name: '装配钳工', groups: ['worker'] },
    { code: 'auto-repair', name: '汽车维修工', groups: ['worker', 'student'] },
  ],
  eligibility: {
    referenceDate: '2020-08-31T15:59:59.000Z',
    ageRanges: [{ groupCode: 'worker', tradeCode: null, minAge: 18, maxAge: 60 }],
    excludedHonours: ['中华技能大奖', '全国技术能手'],
    workerResidenceRequired: false,
    noFullTimeStudentsInWorkerGroup: true,
  },
  quotas: [],
}

export function summaryOf(c: TCompetitionDetailData): TCompetitionSummary {
  const { description: _description, eligibility: _eligibility, quotas: _quotas, ...summary } = c
  return summary
}

export const haiheCupSummary = summaryOf(haiheCup)

/** Unions taking part in the committee's tests, as a set-up view names them. */
export const hexiUnion: TParticipatingUnion = { id: HEXI_UNION_ID, name: '河西区总工会', code: 'HXQ3X' }
export const hepingUnion: TParticipatingUnion = { id: '64b7f0c2a1b2c3d4e5f60802', name: '和平区总工会', code: 'HPQ2Y' }
