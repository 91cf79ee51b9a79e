import { View } from '@tarojs/components'
import { PUBLICATION_OPTIONS } from '../form'
import Card from '../parts/Card'
import Chip from '../parts/Chip'
import FieldError from '../parts/FieldError'
import LabelledInput from '../parts/LabelledInput'
import type { TCardProps } from './cardProps'

/** The text fields of 基本信息; each one's class is `setup-basics__<field>`, its problems shown at `<field>`. */
const TEXT_FIELDS = [
  { field: 'name', label: '赛事名称', maxLength: 120, placeholder: '例如 2026年“海河工匠杯”技能大赛' },
  { field: 'organiser', label: '主办单位', maxLength: 80, placeholder: '例如 天津市职工职业技能大赛组织委员会' },
  { field: 'description', label: '赛事说明（选填）', maxLength: 2000, placeholder: '报名方式、审核流程等' },
] as const

/** 基本信息: name, organiser, description and whether workers see the competition. */
export default function BasicsCard({ form, errorAt, set }: TCardProps) {
  return (
    <Card title="基本信息" className="setup-basics">
      {TEXT_FIELDS.map(({ field, label, maxLength, placeholder }) => (
        <LabelledInput
          key={field}
          label={label}
          className={`setup-basics__${field}`}
          value={form[field]}
          maxLength={maxLength}
          placeholder={placeholder}
          error={errorAt(field)}
          onInput={(value) => set({ [field]: value }, field)}
        />
      ))}

      <View className="committee__label">发布状态</View>
      <View className="committee__chips">
        {PUBLICATION_OPTIONS.map((option) => (
          <Chip
            key={option.value}
            on={form.publication === option.value}
            label={option.label}
            onClick={() => set({ publication: option.value }, 'publication')}
          />
        ))}
      </View>
      <View className="committee__hint">筹备中的赛事职工看不到；已发布的赛事在报名时间内可以报名。</View>
      <FieldError message={errorAt('publication')} />
    </Card>
  )
}
