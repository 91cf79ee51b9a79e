import { Text } from '@tarojs/components'

export type Props = { on: boolean; label: string; onClick: () => void; className?: string }

/** One choice of several, drawn on when chosen. */
export default function Chip({ on, label, onClick, className = '' }: Props) {
  return (
    <Text className={`committee__chip${on ? ' committee__chip--on' : ''} ${className}`} onClick={onClick}>
      {label}
    </Text>
  )
}
