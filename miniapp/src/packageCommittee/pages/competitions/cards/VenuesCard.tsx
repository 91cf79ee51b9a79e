import { Button, View } from '@tarojs/components'
import { addVenue, type TVenueRow } from '../form'
import Card from '../parts/Card'
import CodeNameHead from '../parts/CodeNameHead'
import FieldError from '../parts/FieldError'
import LabelledInput from '../parts/LabelledInput'
import type { TCardProps } from './cardProps'

/** 赛场: where the competition takes place, each with a code the venue staff's grants name. */
export default function VenuesCard({ form, errorAt, change }: TCardProps) {
  const setVenue = (key: string, patch: Partial<TVenueRow>, field: string) =>
    change((f) => ({ ...f, venues: f.venues.map((v) => (v.key === key ? { ...v, ...patch } : v)) }), `venue:${key}:${field}`)
  return (
    <Card title="赛场" className="setup-venues">
      {form.venues.length === 0 && <View className="committee__empty">还没有赛场</View>}
      {form.venues.map((row) => (
        <View key={row.key} className="setup-row venue-row">
          <CodeNameHead
            kind="venue"
            row={row}
            nameLabel="赛场名称"
            nameMaxLength={60}
            errorOf={(field) => errorAt(`venue:${row.key}:${field}`)}
            onInput={(field, value) => setVenue(row.key, { [field]: value }, field)}
            onRemove={() => change((f) => ({ ...f, venues: f.venues.filter((v) => v.key !== row.key) }), 'venues')}
          />
          <LabelledInput
            className="venue-row__address"
            value={row.address}
            maxLength={120}
            placeholder="地址（选填）"
            error={errorAt(`venue:${row.key}:address`)}
            onInput={(address) => setVenue(row.key, { address }, 'address')}
          />
        </View>
      ))}
      <Button className="committee__small setup-editor__add" size="mini" onClick={() => change(addVenue, 'venues')}>
        添加赛场
      </Button>
      <FieldError message={errorAt('venues')} />
    </Card>
  )
}
