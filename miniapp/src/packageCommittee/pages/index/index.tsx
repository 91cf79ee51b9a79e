import { Text, View } from '@tarojs/components'
import { getMe } from '../../../api/account'
import PageStatus from '../../../components/PageStatus'
import StatusView from '../../../components/StatusView'
import { usePageData } from '../../../loading/usePageData'
import { openPage, PAGES, type TPagePath } from '../../../navigation/routes'
import { NOT_COMMITTEE_MESSAGE, toCommitteeHome } from './view'

import '../../committee.scss'

const ENTRIES: { title: string; hint: string; path: TPagePath; query?: Record<string, string> }[] = [
  // The committee's audit desk lives in packageAudit, shared with the union officials' desk.
  { title: '报名确认', hint: '确认工会审核通过的报名（核对名额），查看统计，导出报名汇总表', path: PAGES.audit, query: { desk: 'committee' } },
  { title: '邀请管理', hint: '邀请工会审核员、组委会成员和现场工作人员，管理已授予的角色', path: PAGES.committeeInvitations },
  { title: '工会名录', hint: '各级工会及工会代码', path: PAGES.committeeUnions },
  { title: '赛事设置', hint: '赛事、工种、组别、名额和赛场', path: PAGES.committeeCompetitions },
  { title: '场次与考场', hint: '各赛场的场次和考位，按工种组别自动安排考场，调整个别考生，查看签到看板', path: PAGES.committeeSessions },
  { title: '成绩录入', hint: '按工种组别查看和更正成绩、标记缺考、查看修改记录，导入成绩表', path: PAGES.committeeScores },
  { title: '成绩公示', hint: '发布成绩公示（按工作日计算公示期），答复异议，期满结束公示，导出成绩汇总表、获奖名单和荣誉证书', path: PAGES.committeeResults },
  { title: '大赛通知', hint: '向报名人发布通知（可按工种、组别、状态、工会筛选），查看送达和微信推送人数', path: PAGES.committeeAnnouncements },
]

export default function CommitteeHome() {
  const { state, reload } = usePageData(async () => toCommitteeHome(await getMe()), [])
  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />
  if (!state.data.allowed) return <StatusView kind="empty" message={NOT_COMMITTEE_MESSAGE} />

  return (
    <View className="committee">
      <View className="committee__card">
        <View className="committee__heading">组委会管理</View>
        {state.data.scopes.map((scope) => (
          <View key={scope} className="committee__hint">
            {scope}
          </View>
        ))}
      </View>
      <View className="committee__card">
        {ENTRIES.map((entry) => (
          <View key={entry.path} className="committee__row" onClick={() => void openPage(entry.path, entry.query)}>
            <View className="committee__row-main">
              <View className="committee__row-title">{entry.title}</View>
              <View className="committee__row-sub">{entry.hint}</View>
            </View>
            <Text className="committee__hint">›</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
