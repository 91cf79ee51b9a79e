import { Button, Text, View } from '@tarojs/components'
import { getMe } from '../../../api/account'
import PageStatus from '../../../components/PageStatus'
import { usePageData } from '../../../loading/usePageData'
import { openInvite } from '../../../navigation/routes'
import { NOT_OFFICIAL_MESSAGE, toAuditHome } from './view'

import '../../../roles/staffPages.scss'

/** 审核工作台: the official's unions; the registration queue arrives with registration. */
export default function AuditHome() {
  const { state, reload } = usePageData(async () => toAuditHome(await getMe()), [])
  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />

  const { unions } = state.data
  return (
    <View className="staff audit-home">
      <View className="staff__card">
        <View className="staff__title">审核工作台</View>
        {unions.length === 0 && (
          <>
            <View className="staff__note">{NOT_OFFICIAL_MESSAGE}</View>
            <Button className="staff__action" onClick={() => void openInvite()}>
              输入邀请码
            </Button>
          </>
        )}
        {unions.map((name) => (
          <View key={name} className="staff__line">
            <Text className="staff__label">负责工会</Text>
            <Text className="staff__value audit-home__union">{name}</Text>
          </View>
        ))}
      </View>
      {unions.length > 0 && (
        <View className="staff__card">
          <View className="staff__note">待审核的报名将在这里列出（报名功能开放后）。您审核本工会及其下级工会的报名。</View>
        </View>
      )}
    </View>
  )
}
