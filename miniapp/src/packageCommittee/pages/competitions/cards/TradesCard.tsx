import { Button, View } from '@tarojs/components'
import { addTrade, removeTrade, toggleTradeGroup, type TTradeRow } from '../form'
import Card from '../parts/Card'
import Chip from '../parts/Chip'
import CodeNameHead from '../parts/CodeNameHead'
import FieldError from '../parts/FieldError'
import type { TCardProps } from './cardProps'

/** 工种: the trades, each with its code and the groups that may enter it. */
export default function TradesCard({ form, errorAt, change }: TCardProps) {
  const setTrade = (key: string, patch: Partial<TTradeRow>, field: string) =>
    change((f) => ({ ...f, trades: f.trades.map((t) => (t.key === key ? { ...t, ...patch } : t)) }), `trade:${key}:${field}`, `trade:${key}`)
  return (
    <Card title="工种" className="setup-trades">
      <View className="committee__hint">工种代码只能用小写字母、数字和短横线，报名记录用它找到工种。</View>
      {form.trades.map((row) => (
        <View key={row.key} className="setup-row trade-row">
          <CodeNameHead
            kind="trade"
            row={row}
            nameLabel="工种名称"
            nameMaxLength={40}
            errorOf={(field) => errorAt(`trade:${row.key}:${field}`)}
            onInput={(field, value) => setTrade(row.key, { [field]: value }, field)}
            onRemove={() => change((f) => removeTrade(f, row.key), 'trades')}
          />
          <View className="committee__chips trade-row__groups">
            {form.groups.map((g) => (
              <Chip
                key={g.code}
                className={`trade-row__group--${g.code}`}
                on={row.groups.includes(g.code)}
                label={g.name}
                onClick={() => change((f) => toggleTradeGroup(f, row.key, g.code), `trade:${row.key}:groups`)}
              />
            ))}
          </View>
          <FieldError message={errorAt(`trade:${row.key}:groups`)} />
          <FieldError message={errorAt(`trade:${row.key}`)} />
        </View>
      ))}
      <Button className="committee__small setup-editor__add setup-trades__add" size="mini" onClick={() => change(addTrade, 'trades')}>
        添加工种
      </Button>
      <FieldError message={errorAt('trades')} />
    </Card>
  )
}
