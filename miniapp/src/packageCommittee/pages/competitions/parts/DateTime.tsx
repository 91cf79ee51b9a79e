import { Picker, View } from '@tarojs/components'
import { chinaToday } from '@contest/shared'
import { datePart, timePart, withDate, withTime } from '../form'

export type Props = {
  label: string
  /** China-time ISO string from the form; '' until a date is picked. */
  iso: string
  /** `HH:mm:ss` a first date pick gets. */
  defaultTime: string
  className: string
  onChange: (iso: string) => void
}

/** Date and time pickers for one moment, in China time. */
export default function DateTime({ label, iso, defaultTime, className, onChange }: Props) {
  return (
    <View className={`setup-datetime ${className}`}>
      <View className="committee__label">{label}</View>
      <View className="setup-editor__bar">
        <Picker
          mode="date"
          value={datePart(iso) || chinaToday()}
          onChange={(event) => onChange(withDate(iso, String(event.detail.value), defaultTime))}
        >
          <View className="committee__input setup-datetime__date">{datePart(iso) || '选择日期'}</View>
        </Picker>
        <Picker
          mode="time"
          value={timePart(iso) || defaultTime.slice(0, 5)}
          disabled={!iso}
          onChange={(event) => onChange(withTime(iso, String(event.detail.value)))}
        >
          <View className="committee__input setup-datetime__time">{timePart(iso) || '--:--'}</View>
        </Picker>
      </View>
    </View>
  )
}
