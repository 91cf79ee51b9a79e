import { View } from '@tarojs/components'
import type { TImportOutcome } from './view'

export type Props = {
  outcome: TImportOutcome | null
  /** The card's block name: its `__done`, `__refused` and `__bad-row` classes (union-sheet, score-import). */
  block: string
}

/** What a sheet import came to: the counts, or why nothing was imported with each bad row the BFF named. */
export default function ImportOutcome({ outcome, block }: Props) {
  if (outcome?.kind === 'done') return <View className={`${block}__done`}>{outcome.summary}</View>
  if (outcome?.kind !== 'refused') return null
  return (
    <View className={`${block}__refused`}>
      <View className="committee__error">{outcome.message}</View>
      {outcome.rows.map((line) => (
        <View key={line} className={`${block}__bad-row`}>
          {line}
        </View>
      ))}
    </View>
  )
}
