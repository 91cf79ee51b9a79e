import { Text, View } from '@tarojs/components'

type Props = { lines: readonly { label: string; value: string }[] }

/** A registration's facts as label · value lines an official can select and copy. */
export default function AuditLines({ lines }: Props) {
  return (
    <>
      {lines.map((line) => (
        <View key={line.label} className="audit-line">
          <Text className="audit-line__label">{line.label}</Text>
          <Text className="audit-line__value" userSelect>
            {line.value}
          </Text>
        </View>
      ))}
    </>
  )
}
