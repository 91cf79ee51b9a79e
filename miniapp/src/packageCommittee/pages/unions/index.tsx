import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { createUnion, listUnions } from '../../../api/admin'
import { errorMessage } from '../../../api/errors'
import PageStatus from '../../../components/PageStatus'
import { usePageData } from '../../../loading/usePageData'
import {
  EMPTY_UNION_FORM,
  KIND_OPTIONS,
  toUnionCreateInput,
  toUnionRows,
  type TTrailItem,
  type TUnionForm,
  type TUnionFormErrors,
} from './view'

import '../../committee.scss'
import './index.scss'

/** 工会名录: browse the directory level by level, search it, and add a union where you are. */
export default function Unions() {
  const [trail, setTrail] = useState<TTrailItem[]>([])
  const [typed, setTyped] = useState('')
  const [q, setQ] = useState('')
  const parent = trail[trail.length - 1] ?? null

  const { state, reload, update } = usePageData(async () => {
    // Browsing shows one level; a search looks anywhere below the level shown.
    const page = await listUnions({ q: q || undefined, parentId: parent?.id })
    return { rows: toUnionRows(page.items), next: page.next }
  }, [q, parent?.id])

  const [form, setForm] = useState<TUnionForm>(EMPTY_UNION_FORM)
  const [errors, setErrors] = useState<TUnionFormErrors>({})
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<string | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)

  const open = (next: TTrailItem[]) => {
    setTrail(next)
    setQ('')
    setTyped('')
  }

  const edit = (patch: Partial<TUnionForm>) => {
    setForm((current) => ({ ...current, ...patch }))
    setErrors({})
  }

  async function more(after: string) {
    setLoadingMore(true)
    try {
      const page = await listUnions({ q: q || undefined, parentId: parent?.id, after })
      update((data) => ({ rows: [...data.rows, ...toUnionRows(page.items)], next: page.next }))
    } catch (error) {
      void Taro.showToast({ title: errorMessage(error), icon: 'none' })
    } finally {
      setLoadingMore(false)
    }
  }

  async function save() {
    const checked = toUnionCreateInput(form, parent)
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setSaving(true)
    setSaveError(null)
    try {
      const union = await createUnion(checked.input)
      setForm(EMPTY_UNION_FORM)
      void Taro.showToast({ title: `已添加 ${union.name}（${union.code}）`, icon: 'none' })
      await reload({ quiet: true })
    } catch (error) {
      setSaveError(errorMessage(error))
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className="committee unions">
      <View className="committee__columns">
        <View className="committee__column">
          <View className="committee__card">
            <View className="union-search">
              <Input
                className="committee__input union-search__input"
                value={typed}
                placeholder="搜索工会名称或代码"
                onInput={(event) => setTyped(event.detail.value)}
                onConfirm={() => setQ(typed.trim())}
              />
              <Button className="committee__small" size="mini" onClick={() => setQ(typed.trim())}>
                搜索
              </Button>
            </View>
            <View className="union-trail">
              <Text className="union-trail__item" onClick={() => open([])}>
                全部
              </Text>
              {trail.map((item, i) => (
                <Text key={item.id} className="union-trail__item" onClick={() => open(trail.slice(0, i + 1))}>
                  {` › ${item.name}`}
                </Text>
              ))}
              {q && <Text className="union-trail__query">{` · 搜索“${q}”`}</Text>}
            </View>

            {state.kind !== 'ready' && <PageStatus state={state} onRetry={() => void reload()} />}
            {state.kind === 'ready' && state.data.rows.length === 0 && (
              <View className="committee__empty">{q ? '没有找到匹配的工会' : '这一级还没有工会'}</View>
            )}
            {state.kind === 'ready' &&
              state.data.rows.map((row) => (
                <View
                  key={row.id}
                  className="committee__row union-row"
                  onClick={() => (row.childCount > 0 ? open(row.trail) : undefined)}
                >
                  <View className="committee__row-main">
                    <View className="committee__row-title">{row.name}</View>
                    <View className="committee__row-sub">{row.detail}</View>
                  </View>
                  {row.childCount > 0 && <Text className="committee__hint">›</Text>}
                </View>
              ))}
            {state.kind === 'ready' && state.data.next && (
              <Button className="committee__small" loading={loadingMore} onClick={() => void more(state.data.next ?? '')}>
                加载更多
              </Button>
            )}
          </View>
        </View>

        <View className="committee__column">
          <View className="committee__card union-form">
            <View className="committee__heading">新建工会</View>
            <View className="committee__hint">上级工会：{parent ? parent.name : '无（顶级工会）'}</View>

            <View className="committee__label">工会名称</View>
            <Input
              className="committee__input"
              value={form.name}
              maxlength={80}
              placeholder="例如 河西区某某街道总工会"
              onInput={(event) => edit({ name: event.detail.value })}
            />
            {errors.name && <View className="committee__error">{errors.name}</View>}

            <View className="committee__label">类型</View>
            <View className="committee__chips">
              {KIND_OPTIONS.map((option) => (
                <Text
                  key={option.kind}
                  className={`committee__chip${form.kind === option.kind ? ' committee__chip--on' : ''}`}
                  onClick={() => edit({ kind: option.kind })}
                >
                  {option.label}
                </Text>
              ))}
            </View>
            {errors.kind && <View className="committee__error">{errors.kind}</View>}

            <View className="committee__label">工会代码（选填，不填则由系统生成）</View>
            <Input
              className="committee__input"
              value={form.code}
              maxlength={16}
              placeholder="已有代码的工会填写原代码"
              onInput={(event) => edit({ code: event.detail.value })}
            />
            {errors.code && <View className="committee__error">{errors.code}</View>}

            {saveError && <View className="committee__error">{saveError}</View>}
            <Button className="committee__primary" loading={saving} disabled={saving} onClick={() => void save()}>
              添加工会
            </Button>
          </View>
        </View>
      </View>
    </View>
  )
}
