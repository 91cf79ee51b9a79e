import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Textarea, View } from '@tarojs/components'
import { AppError, ZObjectionAnswerInput, type TObjection } from '@contest/shared'
import { answerObjection } from '../../../api/adminResults'
import { errorMessage } from '../../../api/errors'
import Toggle from '../competitions/parts/Toggle'
import { disqualifyConfirmText } from './view'

export type Props = { competitionId: string; objection: TObjection; onCancel: () => void; onAnswered: () => void }

/** 答复 one objection on the version seen; taking the result out (取消成绩, 递补) asks first. */
export default function ObjectionAnswer({ competitionId, objection, onCancel, onAnswered }: Props) {
  const [answer, setAnswer] = useState('')
  const [disqualify, setDisqualify] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function send() {
    const parsed = ZObjectionAnswerInput.safeParse({ answer, disqualify, version: objection.version })
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '请填写答复')
      return
    }
    if (disqualify) {
      const confirmed = await Taro.showModal({ title: '取消成绩', content: disqualifyConfirmText(objection.name), confirmText: '取消成绩' })
      if (!confirmed.confirm) return
    }
    setBusy(true)
    setError(null)
    try {
      await answerObjection(competitionId, objection.id, parsed.data)
      onAnswered()
    } catch (failure) {
      // CONFLICT: answered by someone else meanwhile; the list reloads to show it.
      if (failure instanceof AppError && failure.code === 'CONFLICT') onAnswered()
      setError(errorMessage(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="objection-answer">
      <Textarea className="objection-answer__text" value={answer} placeholder="答复内容" maxlength={500} onInput={(e) => setAnswer(e.detail.value)} />
      <Toggle on={disqualify} label="取消该成绩" hint="异议成立：取消该考生成绩，其后考生依次递补，名次和奖项重新计算" onChange={setDisqualify} />
      {error && <View className="committee__error">{error}</View>}
      <View className="objection-answer__actions">
        <Button className="committee__primary objection-answer__send" loading={busy || undefined} disabled={busy || undefined} onClick={() => void send()}>
          提交答复
        </Button>
        <Button className="committee__small objection-answer__cancel" size="mini" onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  )
}
