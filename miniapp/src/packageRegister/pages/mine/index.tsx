import { Button, Text, View } from '@tarojs/components'
import { listMyRegistrations } from '../../../api/registrations'
import PageStatus from '../../../components/PageStatus'
import { usePageData } from '../../../loading/usePageData'
import { openPage, PAGES } from '../../../navigation/routes'
import { openPass } from '../../openPass'
import { NO_REGISTRATIONS, toRegistrationItems } from './view'

import '../../register.scss'

/** 我的报名: every registration of the signed-in worker, with its status; tap for the details. */
export default function MyRegistrations() {
  const { state, reload } = usePageData(async () => toRegistrationItems((await listMyRegistrations()).items), [])

  if (state.kind !== 'ready') {
    return (
      <View className="register">
        <PageStatus state={state} onRetry={() => void reload()} />
      </View>
    )
  }

  if (state.data.length === 0) {
    return (
      <View className="register">
        <View className="register__card">
          <View className="register__hint">{NO_REGISTRATIONS}</View>
          <Button className="register__primary" onClick={() => void openPage(PAGES.home)}>
            查看正在报名的赛事
          </Button>
        </View>
      </View>
    )
  }

  return (
    <View className="register">
      {state.data.map((item) => (
        <View
          key={item.id}
          className="register__card register-item"
          onClick={() => void openPage(PAGES.registerDetail, { id: item.id })}
        >
          <View className="register-item__top">
            <Text className="register-item__competition">{item.competition}</Text>
            <Text className={item.status.className}>{item.status.label}</Text>
          </View>
          <View className="register-item__line">{item.entry}</View>
          <View className="register-item__line">{item.union}</View>
          <View className="register-item__line">{item.submitted}</View>
          {item.pass && (
            <View
              className={`register-pass-entry${item.pass.revoked ? ' register-pass-entry--revoked' : ''}`}
              onClick={(event) => {
                // The card around it opens the registration's detail.
                event.stopPropagation()
                openPass(item)
              }}
            >
              <Text>{item.pass.label}</Text>
              <Text>查看 ›</Text>
            </View>
          )}
        </View>
      ))}
    </View>
  )
}
