import { View } from '@tarojs/components'
import { COMPETITION_GROUPS } from '@contest/shared'
import { GROUP_CODES, toggleGroup } from '../form'
import Card from '../parts/Card'
import Chip from '../parts/Chip'
import FieldError from '../parts/FieldError'
import type { TCardProps } from './cardProps'

/** 组别: which of 职工组 and 学生组 the competition has. */
export default function GroupsCard({ form, errorAt, change }: TCardProps) {
  return (
    <Card title="组别" className="setup-groups">
      <View className="committee__chips">
        {GROUP_CODES.map((code) => (
          <Chip
            key={code}
            on={form.groups.some((g) => g.code === code)}
            label={COMPETITION_GROUPS[code]}
            onClick={() => change((f) => toggleGroup(f, code), 'groups')}
          />
        ))}
      </View>
      <FieldError message={errorAt('groups')} />
    </Card>
  )
}
