import { toCompetitionCards } from '../../miniapp/src/pages/index/view'
import { formatChinaDate, formatChinaDateTime } from '../../miniapp/src/format/date'
import { haiheCupSummary } from './support/fixtures'

describe('toCompetitionCards', () => {
  it('gives each card its name, organiser, deadline, trades and groups', () => {
    expect(toCompetitionCards([haiheCupSummary])).toEqual([
      {
        id: haiheCupSummary.id,
        name: '2020年“海河工匠杯”技能大赛—天津市职工职业技能大赛',
        organiser: '天津市职工职业技能大赛组织委员会',
        statusLabel: '报名中',
        deadline: '报名截止：2020年8月31日',
        trades: ['数控车工', '焊工', '装配钳工', '汽车维修工'],
        groups: ['职工组', '学生组'],
      },
    ])
  })

  it('keeps the order the BFF sent and labels each status', () => {
    const later = { ...haiheCupSummary, id: 'later', registrationClosesAt: '2020-09-30T23:59:59+08:00' }
    const closed = { ...haiheCupSummary, id: 'closed', status: 'closed' as const }

    const cards = toCompetitionCards([later, haiheCupSummary, closed])

    expect(cards.map((c) => c.id)).toEqual(['later', haiheCupSummary.id, 'closed'])
    expect(cards.map((c) => c.statusLabel)).toEqual(['报名中', '报名中', '报名已截止'])
    expect(cards[0]?.deadline).toBe('报名截止：2020年9月30日')
  })
})

describe('dates in China Standard Time', () => {
  it('shows the day in Shanghai, not in UTC', () => {
    // 2020-08-31 16:30 UTC is already 1 September in Tianjin.
    expect(formatChinaDate('2020-08-31T16:30:00Z')).toBe('2020年9月1日')
    expect(formatChinaDate('2020-08-31T15:59:59Z')).toBe('2020年8月31日')
    expect(formatChinaDate('2020-08-31T23:59:59+08:00')).toBe('2020年8月31日')
  })

  it('writes hours and minutes with two digits', () => {
    expect(formatChinaDateTime('2020-08-01T01:05:00+08:00')).toBe('2020年8月1日 01:05')
  })

  it('shows nothing for a date it cannot read', () => {
    expect(formatChinaDate('下个月')).toBe('')
  })
})
