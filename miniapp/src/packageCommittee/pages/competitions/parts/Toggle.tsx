import { Text, View } from '@tarojs/components'

export type Props = { on: boolean; label: string; hint: string; onChange: (on: boolean) => void }

/** A yes/no setting drawn as a switch (Taro's Switch would add a template to the main package). */
export default function Toggle({ on, label, hint, onChange }: Props) {
  return (
    <View className={`setup-toggle${on ? ' setup-toggle--on' : ''}`} onClick={() => onChange(!on)}>
      <View className="setup-toggle__text">
        <View className="setup-toggle__label">{label}</View>
        <View className="committee__hint">{hint}</View>
      </View>
      <View className="setup-toggle__switch">
        <Text className="setup-toggle__state">{on ? '是' : '否'}</Text>
      </View>
    </View>
  )
}
