import { Picker, Text, View } from '@tarojs/components'
import { optionLabel, type TOption } from './view'

export type Props = {
  options: TOption[]
  /** The chosen option's value; '' for none yet. */
  value: string
  /** Shown until an option is chosen. */
  placeholder: string
  disabled?: boolean
  /** The index of the option picked. */
  onPick: (index: unknown) => void
}

/** A choice among `options`, drawn as the chosen one's label (or the placeholder) and ›. */
export default function OptionPicker({ options, value, placeholder, disabled, onPick }: Props) {
  return (
    <Picker
      mode="selector"
      range={options.map((o) => o.label)}
      value={Math.max(0, options.findIndex((o) => o.value === value))}
      disabled={disabled || undefined}
      onChange={(event) => onPick(event.detail.value)}
    >
      <View className="register-field__picker">
        <Text className={value ? '' : 'register-field__placeholder'}>{optionLabel(options, value) ?? placeholder}</Text>
        <Text>›</Text>
      </View>
    </Picker>
  )
}
