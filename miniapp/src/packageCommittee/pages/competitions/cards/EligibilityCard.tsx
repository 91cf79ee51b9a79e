import { Fragment } from 'react'
import { Button, Input, Picker, Text, View } from '@tarojs/components'
import { chinaToday } from '@contest/shared'
import { addAgeRange, addHonour, datePart, withDate, type TAgeRow } from '../form'
import Card from '../parts/Card'
import Chip from '../parts/Chip'
import FieldError from '../parts/FieldError'
import HonourInput from '../parts/HonourInput'
import Toggle from '../parts/Toggle'
import type { TCardProps } from './cardProps'

/** The ages of a range: 16 至 25 岁. */
const AGE_ENDS = [
  { field: 'minAge', placeholder: '最小年龄', className: 'age-row__min', after: '至' },
  { field: 'maxAge', placeholder: '最大年龄', className: 'age-row__max', after: '岁' },
] as const

/** One age range: its group, its trade (or all), and the ages. */
function AgeRow({ row, form, errorAt, change }: TCardProps & { row: TAgeRow }) {
  const setAge = (patch: Partial<TAgeRow>, field: string) =>
    change((f) => ({ ...f, ageRanges: f.ageRanges.map((r) => (r.key === row.key ? { ...r, ...patch } : r)) }), `age:${row.key}:${field}`, `age:${row.key}`)
  return (
    <View className="setup-row age-row">
      <View className="committee__chips">
        {form.groups.map((g) => (
          <Chip key={g.code} on={row.groupCode === g.code} label={g.name} onClick={() => setAge({ groupCode: g.code }, 'groupCode')} />
        ))}
      </View>
      <FieldError message={errorAt(`age:${row.key}:groupCode`)} />
      <View className="committee__chips">
        <Chip on={row.tradeKey === null} label="全部工种" onClick={() => setAge({ tradeKey: null }, 'tradeCode')} />
        {form.trades
          .filter((t) => row.groupCode === null || t.groups.includes(row.groupCode))
          .map((t) => (
            <Chip key={t.key} on={row.tradeKey === t.key} label={t.name.trim() || t.code} onClick={() => setAge({ tradeKey: t.key }, 'tradeCode')} />
          ))}
      </View>
      <FieldError message={errorAt(`age:${row.key}:tradeCode`)} />
      <View className="setup-editor__bar">
        {AGE_ENDS.map(({ field, placeholder, className, after }) => (
          <Fragment key={field}>
            <Input
              className={`committee__input setup-editor__number ${className}`}
              type="number"
              value={row[field]}
              placeholder={placeholder}
              onInput={(e) => setAge({ [field]: e.detail.value }, field)}
            />
            <Text className="setup-editor__between">{after}</Text>
          </Fragment>
        ))}
        <Text
          className="setup-editor__link setup-editor__remove"
          onClick={() => change((f) => ({ ...f, ageRanges: f.ageRanges.filter((r) => r.key !== row.key) }), 'eligibility.ageRanges')}
        >
          删除
        </Text>
      </View>
      {AGE_ENDS.map(({ field }) => (
        <FieldError key={field} message={errorAt(`age:${row.key}:${field}`)} />
      ))}
      <FieldError message={errorAt(`age:${row.key}`)} />
    </View>
  )
}

/** 参赛资格: the reference date, age ranges, excluded honours and the 职工组 rules. */
export default function EligibilityCard(props: TCardProps) {
  const { form, errorAt, change, set } = props
  return (
    <Card title="参赛资格" className="setup-eligibility">
      <View className="committee__label">年龄计算基准日</View>
      <View className="setup-editor__bar">
        <Picker
          mode="date"
          value={datePart(form.referenceDate) || chinaToday()}
          onChange={(e) => set({ referenceDate: withDate(form.referenceDate, String(e.detail.value), '00:00:00') }, 'eligibility.referenceDate')}
        >
          <View className="committee__input setup-eligibility__date">{datePart(form.referenceDate) || '选择日期'}</View>
        </Picker>
        {form.referenceDate && (
          <Text className="setup-editor__link" onClick={() => set({ referenceDate: '' }, 'eligibility.referenceDate')}>
            清除
          </Text>
        )}
      </View>
      <FieldError message={errorAt('eligibility.referenceDate')} />

      <View className="committee__label">年龄范围</View>
      {form.ageRanges.length === 0 && <View className="committee__empty">不限年龄</View>}
      {form.ageRanges.map((row) => (
        <AgeRow key={row.key} row={row} {...props} />
      ))}
      <Button className="committee__small setup-editor__add" size="mini" onClick={() => change(addAgeRange, 'eligibility.ageRanges')}>
        添加年龄范围
      </Button>
      <FieldError message={errorAt('eligibility.ageRanges')} />

      <View className="committee__label">获以下荣誉者不得作为选手参赛</View>
      <View className="committee__chips">
        {form.excludedHonours.length === 0 && <Text className="committee__hint">无</Text>}
        {form.excludedHonours.map((h) => (
          <Text key={h} className="committee__chip committee__chip--on setup-honour">
            {h}
            <Text
              className="setup-honour__remove"
              onClick={() => set({ excludedHonours: form.excludedHonours.filter((x) => x !== h) }, 'eligibility.excludedHonours')}
            >
              {' ×'}
            </Text>
          </Text>
        ))}
      </View>
      <HonourInput className="setup-honour__input" placeholder="荣誉名称，例如 全国五一劳动奖章" onAdd={(honour) => change((f) => addHonour(f, honour), 'eligibility.excludedHonours')} />
      <FieldError message={errorAt('eligibility.excludedHonours')} />

      <Toggle
        on={form.workerResidenceRequired}
        label="职工组须本地户籍或社保"
        hint="本地户籍，或在本地连续缴纳社会保险满 12 个月"
        onChange={(on) => set({ workerResidenceRequired: on }, 'eligibility.workerResidenceRequired')}
      />
      <Toggle
        on={form.noFullTimeStudentsInWorkerGroup}
        label="职工组不接受全日制在校学生"
        hint="全日制在校学生只能报学生组"
        onChange={(on) => set({ noFullTimeStudentsInWorkerGroup: on }, 'eligibility.noFullTimeStudentsInWorkerGroup')}
      />
    </Card>
  )
}
