import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import { COMPETITION_GROUPS, type TGroupCode } from '@contest/shared'
import { fillQuotas, quotaTables } from '../form'
import Card from '../parts/Card'
import FieldError from '../parts/FieldError'
import LabelledInput from '../parts/LabelledInput'
import type { TCardProps } from './cardProps'

/** 名额: places per participating union × trade × group, one table per union. */
export default function QuotasCard({ form, errorAt, change }: TCardProps) {
  const [fillAll, setFillAll] = useState('')
  const tables = quotaTables(form)
  const groupName = (code: TGroupCode) => form.groups.find((g) => g.code === code)?.name ?? COMPETITION_GROUPS[code]
  return (
    <Card title="名额" className="setup-quotas">
      <View className="committee__hint">每个参赛工会、工种、组别可报名的人数；留空表示不设名额。</View>
      {tables.length === 0 && <View className="committee__empty">先添加参赛工会，再设置名额</View>}
      {tables.length > 0 && (
        <View className="setup-editor__bar setup-quotas__fill">
          <Input
            className="committee__input setup-editor__number"
            type="number"
            value={fillAll}
            placeholder="人数"
            onInput={(e) => setFillAll(e.detail.value)}
          />
          <Button
            className="committee__small"
            size="mini"
            disabled={fillAll.trim() === ''}
            onClick={() => change((f) => fillQuotas(f, fillAll.trim()), 'quotas')}
          >
            全部填入
          </Button>
        </View>
      )}
      {tables.map((table) => (
        <View key={table.union.id} className="quota-table">
          <View className="quota-table__union">
            <Text className="quota-table__name">{table.union.name}</Text>
            <Text className="committee__hint">{` 合计 ${table.total} 人`}</Text>
          </View>
          <View className="quota-row quota-row--head">
            <Text className="quota-row__trade">工种</Text>
            {table.columns.map((g) => (
              <Text key={g.code} className="quota-row__cell">
                {groupName(g.code)}
              </Text>
            ))}
          </View>
          {table.rows.map((row) => (
            <View key={row.tradeKey} className="quota-row">
              <Text className="quota-row__trade">{row.tradeName}</Text>
              {row.cells.map((cell, c) => {
                const group = table.columns[c]
                if (!cell || !group) {
                  return (
                    <Text key={c} className="quota-row__cell quota-row__cell--none">
                      不设
                    </Text>
                  )
                }
                return (
                  <View key={cell.cell} className={`quota-row__cell quota-cell--${group.code}`}>
                    <LabelledInput
                      className="quota-cell__input"
                      type="number"
                      value={cell.value}
                      placeholder="—"
                      error={errorAt(`quota:${cell.cell}`)}
                      onInput={(places) => change((f) => ({ ...f, quotas: { ...f.quotas, [cell.cell]: places } }), `quota:${cell.cell}`, 'quotas')}
                    />
                  </View>
                )
              })}
            </View>
          ))}
        </View>
      ))}
      <FieldError message={errorAt('quotas')} />
    </Card>
  )
}
