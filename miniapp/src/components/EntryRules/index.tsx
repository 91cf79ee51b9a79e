import { View } from '@tarojs/components'
import { describeEntryRules, type EntryRulesCompetition } from '@contest/shared'

import './index.scss'

/** `className`: the page's own card, so the block looks like its neighbours. */
export type Props = { competition: EntryRulesCompetition; className?: string }

/**
 * 参赛条件: who may enter each group — ages, what must be declared, excluded honours, places per
 * union — in the words of the rules the BFF checks on submission (shared/src/entryRules.ts).
 * Nothing when the competition sets no condition.
 */
export default function EntryRules({ competition, className }: Props) {
  const sections = describeEntryRules(competition).filter((section) => section.lines.length > 0)
  if (sections.length === 0) return null
  return (
    <View className={`entry-rules${className ? ` ${className}` : ''}`}>
      <View className="entry-rules__heading">参赛条件</View>
      {sections.map((section) => (
        <View key={section.groupCode} className="entry-rules__group">
          <View className="entry-rules__group-name">{section.groupName}</View>
          {section.lines.map((line) => (
            <View key={line.text} className={`entry-rules__rule entry-rules__rule--${line.kind}`}>
              {line.text}
            </View>
          ))}
        </View>
      ))}
      <View className="entry-rules__note">报名时将按以上条件核对，不符合条件的报名无法提交或不予通过。</View>
    </View>
  )
}
