import { Button, Input, Text, View } from '@tarojs/components'
import { UNION_KIND_LABELS, type TParticipatingUnion } from '@contest/shared'
import { useUnionSearch } from '../../useUnionSearch'

export type Props = {
  /** Unions already taking part: shown as added. */
  chosen: readonly string[]
  onAdd: (union: TParticipatingUnion) => void
  /** What the search box asks for; by default a participating union. */
  placeholder?: string
  /** The button beside a result; by default 添加. */
  addLabel?: string
}

/** Finds unions by name or code and adds them to the participating unions. */
export default function UnionSearch({ chosen, onAdd, placeholder = '输入工会名称或代码，添加参赛工会', addLabel = '添加' }: Props) {
  const { q, setQ, results, searching, error, search } = useUnionSearch()

  return (
    <View className="setup-union-search">
      <View className="setup-editor__bar">
        <Input
          className="committee__input setup-editor__grow setup-union-search__input"
          value={q}
          placeholder={placeholder}
          onInput={(event) => setQ(event.detail.value)}
          onConfirm={() => void search()}
        />
        <Button className="committee__small setup-union-search__button" size="mini" loading={searching} onClick={() => void search()}>
          搜索
        </Button>
      </View>
      {error && <View className="committee__error">{error}</View>}
      {results !== null && results.length === 0 && <View className="committee__empty">没有找到匹配的工会</View>}
      {results?.map((union) => {
        const added = chosen.includes(union.id)
        return (
          <View key={union.id} className="committee__row setup-union-search__result">
            <View className="committee__row-main">
              <View className="committee__row-title">{union.name}</View>
              <View className="committee__row-sub">
                {[...union.ancestry.map((a) => a.name), `${UNION_KIND_LABELS[union.kind]} · ${union.code}`].join(' › ')}
              </View>
            </View>
            {added ? (
              <Text className="committee__hint">已添加</Text>
            ) : (
              <Button className="committee__small setup-union-search__add" size="mini" onClick={() => onAdd({ id: union.id, name: union.name, code: union.code })}>
                {addLabel}
              </Button>
            )}
          </View>
        )
      })}
    </View>
  )
}
