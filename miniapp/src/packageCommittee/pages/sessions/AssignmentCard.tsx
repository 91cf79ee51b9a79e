import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import type { TCompetitionSetupView } from '@contest/shared'
import { errorMessage } from '../../../api/errors'
import { assignAutomatically } from '../../../api/venueSessions'
import { assignmentText, hostChoices } from './view'

export type Props = { competition: TCompetitionSetupView; onAssigned: () => void }

type TOutcome = { ok: boolean; text: string }

/**
 * 自动安排 per trade × group: every confirmed registration not yet placed gets a session and a
 * station (and its pass), all or none; the BFF's refusal (SESSION_CAPACITY_SHORT …) is shown as it says it.
 */
export default function AssignmentCard({ competition, onAssigned }: Props) {
  const [running, setRunning] = useState<string | null>(null)
  const [outcomes, setOutcomes] = useState<Record<string, TOutcome>>({})

  async function assign(key: string, label: string, host: { tradeCode: string; groupCode: 'worker' | 'student' }) {
    const answer = await Taro.showModal({
      title: '自动安排考场',
      content: `为${label}已确认、尚未安排的考生按顺序安排场次和考位，并发放准考证（考生会收到通知）。`,
      confirmText: '安排',
      confirmColor: '#c8161d',
    })
    if (!answer.confirm) return
    setRunning(key)
    try {
      const result = await assignAutomatically(competition.id, host)
      setOutcomes((current) => ({ ...current, [key]: { ok: true, text: assignmentText(result) } }))
      onAssigned()
    } catch (error) {
      setOutcomes((current) => ({ ...current, [key]: { ok: false, text: errorMessage(error) } }))
    } finally {
      setRunning(null)
    }
  }

  return (
    <View className="committee__card">
      <View className="committee__heading">自动安排考场</View>
      <View className="committee__hint">按工会代码、确认时间的顺序，依次安排到承办该工种组别的场次（先开始的场次、小号考位优先）；考位不足时不作任何安排。</View>
      {hostChoices(competition).map((choice) => {
        const outcome = outcomes[choice.key]
        return (
          <View key={choice.key} className="committee__row assignment-row">
            <View className="committee__row-main">
              <View className="committee__row-title">{choice.label}</View>
              {outcome && <Text className={outcome.ok ? 'committee__row-sub assignment-row__done' : 'committee__error'}>{outcome.text}</Text>}
            </View>
            <Button
              className="committee__small"
              size="mini"
              loading={running === choice.key}
              disabled={running !== null || undefined}
              onClick={() => void assign(choice.key, choice.label, choice.host)}
            >
              自动安排
            </Button>
          </View>
        )
      })}
    </View>
  )
}
