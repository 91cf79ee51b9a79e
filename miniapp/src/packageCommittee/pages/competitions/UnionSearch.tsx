import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import { UNION_KIND_LABELS } from '@contest/shared'
import { listUnions } from '../../../api/admin'
import { errorMessage } from '../../../api/errors'
import type { TParticipant } from './form'

export type Props = {
  /** Unions already taking part: shown as added. */
  chosen: readonly string[]
  onAdd: (union: TParticipant) => void
}

type TResult = TParticipant & { path: string }

/** Finds unions by name or code (GET /admin/unions?q=) and adds them to the participating unions. */
export default function UnionSearch({ chosen, onAdd }: Props) {
  const [q, setQ] = useState('')
  const [results, setResults] = useState<TResult[] | null>(null)
  const [searching, setSearching] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function search() {
    const query = q.trim()
    if (query === '') return
    setSearching(true)
    setError(null)
    try {
      const page = await listUnions({ q: query })
      setResults(
        page.items.map((u) => ({
          id: u.id,
          name: u.name,
          code: u.code,
          path: [...u.ancestry.map((a) => a.name), `${UNION_KIND_LABELS[u.kind]} · ${u.code}`].join(' › '),
        })),
      )
    } catch (failure) {
      setError(errorMessage(failure))
    } finally {
      setSearching(false)
    }
  }

  return (
    <View className="setup-union-search">
      <View className="setup-editor__bar">
        <Input
          className="committee__input setup-editor__grow setup-union-search__input"
          value={q}
          placeholder="输入工会名称或代码，添加参赛工会"
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
              <View className="committee__row-sub">{union.path}</View>
            </View>
            {added ? (
              <Text className="committee__hint">已添加</Text>
            ) : (
              <Button className="committee__small setup-union-search__add" size="mini" onClick={() => onAdd(union)}>
                添加
              </Button>
            )}
          </View>
        )
      })}
    </View>
  )
}
