import { Text, View } from '@tarojs/components'
import { AUDIT_LEVEL_LABELS, ZAuditLevels } from '@contest/shared'
import { addUnion, removeUnion } from '../form'
import Card from '../parts/Card'
import Chip from '../parts/Chip'
import FieldError from '../parts/FieldError'
import UnionSearch from '../UnionSearch'
import type { TCardProps } from './cardProps'

/** 参赛工会: the unions taking part (the unions below them take part through them). */
export default function UnionsCard({ form, errorAt, change, set }: TCardProps) {
  return (
    <Card title="参赛工会" className="setup-unions">
      <View className="committee__hint">通常是区、局、集团公司工会；其下级工会的职工通过它们报名。</View>
      {form.unions.length === 0 && <View className="committee__empty">还没有参赛工会</View>}
      {form.unions.map((union) => (
        <View key={union.id} className="committee__row setup-union">
          <View className="committee__row-main">
            <View className="committee__row-title">{union.name}</View>
            {union.code && <View className="committee__row-sub">工会代码 {union.code}</View>}
            <FieldError message={errorAt(`union:${union.id}`)} />
          </View>
          <Text className="setup-editor__link setup-editor__remove" onClick={() => change((f) => removeUnion(f, union.id), `union:${union.id}`)}>
            移出
          </Text>
        </View>
      ))}
      <FieldError message={errorAt('participatingUnionIds')} />
      <UnionSearch chosen={form.unions.map((u) => u.id)} onAdd={(union) => change((f) => addUnion(f, union), 'participatingUnionIds')} />
      <View className="committee__label">工会审核层级</View>
      <View className="committee__chips setup-audit-levels">
        {ZAuditLevels.options.map((option) => (
          <Chip key={option.value} on={form.auditLevels === option.value} label={AUDIT_LEVEL_LABELS[option.value]} onClick={() => set({ auditLevels: option.value }, 'auditLevels')} />
        ))}
      </View>
      <View className="committee__hint">两级审核：职工所在基层工会先审核，通过后报其上级（区、局、集团公司）工会审核；直接在参赛工会报名的只审一级。</View>
      <FieldError message={errorAt('auditLevels')} />
    </Card>
  )
}
