import { useMemo } from 'react'
import { useRouter } from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import { AppError } from '@contest/shared'
import { getMyPass } from '../../../api/passes'
import PageStatus from '../../../components/PageStatus'
import { usePageData } from '../../../loading/usePageData'
import { openPage, PAGES } from '../../../navigation/routes'
import { passQrImage } from './qr'
import { useBrightScreen } from './useBrightScreen'
import { NO_PASS_YET, REVOKED_NOTE, toPassView } from './view'

import '../../register.scss'

/**
 * 准考证: the pass of one of the worker's registrations (`?id=` the registration), with its QR code
 * drawn on the phone for the gate's scanner, where and when, and what to bring. A revoked pass
 * says so and why, without its QR; before the committee places the registration, it says no
 * place is arranged yet.
 */
export default function PassPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const { state, reload } = usePageData(() => (id ? getMyPass(id) : Promise.reject(new AppError('REGISTRATION_NOT_FOUND'))), [id])
  const view = state.kind === 'ready' && state.data ? toPassView(state.data) : null
  const qrImage = useMemo(() => (view?.token ? passQrImage(view.token) : null), [view?.token])
  useBrightScreen(qrImage !== null)

  if (state.kind !== 'ready') {
    return (
      <View className="register">
        <PageStatus state={state} onRetry={() => void reload()} />
      </View>
    )
  }

  if (!view) {
    return (
      <View className="register">
        <View className="register__card register-pass__none">
          <View className="register__title">尚未安排考场</View>
          <View className="register__hint">{NO_PASS_YET}</View>
          <Text className="register__link" onClick={() => void openPage(PAGES.registerDetail, { id })}>
            查看报名详情
          </Text>
        </View>
      </View>
    )
  }

  return (
    <View className="register register-pass">
      <View className="register__card register-pass__card">
        <View className="register-pass__competition">{view.competition}</View>
        <View className="register-pass__label">准考证号</View>
        <Text className={`register-pass__number${view.revoked ? ' register-pass__number--revoked' : ''}`} userSelect>
          {view.passNumber}
        </Text>
        {view.revoked && (
          <View className="register-pass__revoked">
            <View className="register-pass__revoked-title">已作废</View>
            <View className="register-pass__revoked-reason">原因：{view.revoked.reason}</View>
            <View className="register-pass__revoked-at">作废时间：{view.revoked.at}</View>
            <View className="register__hint">{REVOKED_NOTE}</View>
          </View>
        )}
        {qrImage && (
          <View className="register-pass__qr">
            {/* Square picture, square box: filled as it is. (H5's aspectFit places the picture absolutely, and the card's centred text pushed it half out of its box, cutting the code.) */}
            <Image className="register-pass__qr-image" src={qrImage} mode="scaleToFill" />
            <View className="register__hint">入场时向工作人员出示此二维码</View>
          </View>
        )}
      </View>

      {view.lines.length > 0 && (
        <View className="register__card">
          {view.lines.map((line) => (
            <View key={line.label} className="register-line">
              <Text className="register-line__label">{line.label}</Text>
              <Text className="register-line__value">{line.value}</Text>
            </View>
          ))}
        </View>
      )}

      {!view.revoked && (
        <View className="register__card">
          <View className="register__heading">须携带与注意事项</View>
          {view.whatToBring.map((text) => (
            <View key={text} className="register-pass__bring">
              · {text}
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
