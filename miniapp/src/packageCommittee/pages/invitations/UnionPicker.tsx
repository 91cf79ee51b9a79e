import { Button, Input, Text, View } from '@tarojs/components'
import { useUnionSearch } from '../../useUnionSearch'

export type TPickedUnion = { id: string; name: string }

export type Props = {
  value: TPickedUnion | null
  onChange: (union: TPickedUnion | null) => void
}

/** Finds a union by name or code in the directory and picks one. */
export default function UnionPicker({ value, onChange }: Props) {
  const { q, setQ, results, searching, error, search } = useUnionSearch()

  if (value) {
    return (
      <View className="union-picker union-picker--picked">
        <Text className="union-picker__picked">{value.name}</Text>
        <Text className="union-picker__change" onClick={() => onChange(null)}>
          重新选择
        </Text>
      </View>
    )
  }

  return (
    <View className="union-picker">
      <View className="union-picker__bar">
        <Input
          className="committee__input union-picker__input"
          value={q}
          placeholder="输入工会名称或代码搜索"
          onInput={(event) => setQ(event.detail.value)}
          onConfirm={() => void search()}
        />
        <Button className="committee__small union-picker__search" size="mini" loading={searching} onClick={() => void search()}>
          搜索
        </Button>
      </View>
      {error && <View className="committee__error">{error}</View>}
      {results !== null && results.length === 0 && <View className="committee__empty">没有找到匹配的工会</View>}
      {results?.map((union) => (
        <View
          key={union.id}
          className="committee__row union-picker__result"
          onClick={() => onChange({ id: union.id, name: union.name })}
        >
          <View className="committee__row-main">
            <View className="committee__row-title">{union.name}</View>
            <View className="committee__row-sub">{[...union.ancestry.map((a) => a.name), union.name].join(' › ')}</View>
          </View>
          <Text className="committee__hint">选择</Text>
        </View>
      ))}
    </View>
  )
}
