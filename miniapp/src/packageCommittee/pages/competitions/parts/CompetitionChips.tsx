import { View } from '@tarojs/components'
import Chip from './Chip'

export type Props = { competitions: { id: string; name: string }[]; chosenId: string; onChoose: (id: string) => void }

/** Which competition a committee page works on, when the viewer manages more than one (nothing otherwise). */
export default function CompetitionChips({ competitions, chosenId, onChoose }: Props) {
  if (competitions.length <= 1) return null
  return (
    <>
      <View className="committee__label">赛事</View>
      <View className="committee__chips">
        {competitions.map((c) => (
          <Chip key={c.id} on={c.id === chosenId} label={c.name} onClick={() => onChoose(c.id)} />
        ))}
      </View>
    </>
  )
}
