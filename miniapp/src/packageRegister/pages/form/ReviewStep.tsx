import type { ReactNode } from 'react'
import { Button, Text, View } from '@tarojs/components'
import type { TReviewLine } from './view'

export type Props = {
  review: { lines: TReviewLine[]; declarations: string[] }
  /** What went wrong with the last submit, if anything. */
  problem: ReactNode
  submitting: boolean
  /** Resubmitting after a union's rejection (the button says so). */
  resubmit: boolean
  onSubmit: () => void
  onBack: () => void
}

/** 核对信息: everything that will be sent (ID and phone masked), then 提交报名 or 返回修改. */
export default function ReviewStep({ review, problem, submitting, resubmit, onSubmit, onBack }: Props) {
  return (
    <View className="register-review">
      <View className="register__card">
        <View className="register__title">核对报名信息</View>
        <View className="register__hint">请核对以下信息。提交后由您所在的工会审核，再经大赛组委会确认。身份证号和手机号已部分隐藏。</View>
        {review.lines.map((line) => (
          <View key={line.label} className="register-line">
            <Text className="register-line__label">{line.label}</Text>
            <Text className="register-line__value">{line.value}</Text>
          </View>
        ))}
      </View>
      {review.declarations.length > 0 && (
        <View className="register__card">
          <View className="register__heading">本人声明</View>
          {review.declarations.map((text) => (
            <View key={text} className="register-declaration">
              ✓ {text}
            </View>
          ))}
        </View>
      )}
      {problem}
      <Button className="register__primary register__submit" loading={submitting || undefined} disabled={submitting || undefined} onClick={onSubmit}>
        {resubmit ? '重新提交' : '提交报名'}
      </Button>
      <Button className="register__secondary" disabled={submitting || undefined} onClick={onBack}>
        返回修改
      </Button>
    </View>
  )
}
