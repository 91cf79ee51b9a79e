import { Fragment } from 'react'
import { View } from '@tarojs/components'
import Card from '../parts/Card'
import DateTime from '../parts/DateTime'
import FieldError from '../parts/FieldError'
import type { TCardProps } from './cardProps'

/** The two ends of the window: a first date pick starts the day or ends it; problems are shown at the request's field. */
const ENDS = [
  { field: 'opensAt', label: '开始', className: 'setup-window__opens', defaultTime: '00:00:00', where: 'registrationOpensAt' },
  { field: 'closesAt', label: '截止', className: 'setup-window__closes', defaultTime: '23:59:59', where: 'registrationClosesAt' },
] as const

/** 报名时间: when registration opens and closes, in China time. */
export default function WindowCard({ form, errorAt, set }: TCardProps) {
  return (
    <Card title="报名时间" className="setup-window">
      {ENDS.map(({ field, label, className, defaultTime, where }) => (
        <Fragment key={field}>
          <DateTime label={label} className={className} iso={form[field]} defaultTime={defaultTime} onChange={(iso) => set({ [field]: iso }, where)} />
          <FieldError message={errorAt(where)} />
        </Fragment>
      ))}
      <View className="committee__hint">北京时间</View>
    </Card>
  )
}
