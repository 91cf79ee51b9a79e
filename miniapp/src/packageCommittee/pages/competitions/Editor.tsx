import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { AppError, type TCompetitionSetupView } from '@contest/shared'
import { createCompetition, getSetupCompetition, updateCompetition } from '../../../api/admin'
import { errorMessage } from '../../../api/errors'
import PageStatus from '../../../components/PageStatus'
import { usePageData } from '../../../loading/usePageData'
import BasicsCard from './cards/BasicsCard'
import type { TCardProps } from './cards/cardProps'
import EligibilityCard from './cards/EligibilityCard'
import RequirementsCard from './cards/RequirementsCard'
import GroupsCard from './cards/GroupsCard'
import QuotasCard from './cards/QuotasCard'
import ResultsCard from './cards/ResultsCard'
import TradesCard from './cards/TradesCard'
import UnionsCard from './cards/UnionsCard'
import AuditPathsCard from './cards/AuditPathsCard'
import VenuesCard from './cards/VenuesCard'
import WindowCard from './cards/WindowCard'
import { emptyForm, formFromSetup, type TSetupForm } from './form'
import { errorCount, serverErrors, toSetupInput, withoutError, type TSetupErrors } from './setupRequest'

export type Props = {
  /** null: a new competition. */
  competitionId: string | null
  onClose: () => void
  /** After a save: the competition as stored (a new one now has its id). */
  onSaved: (saved: TCompetitionSetupView) => void
}

const NO_ERRORS: TSetupErrors = { byKey: {}, general: [] }
export const CONFLICT_MESSAGE = '赛事设置已被他人修改，已为您载入最新内容。您刚才的修改没有保存，请重新修改后保存。'

type TEditing = { version: number; form: TSetupForm }

async function loadSetup(id: string): Promise<TEditing> {
  const setup = await getSetupCompetition(id)
  return { version: setup.version, form: formFromSetup(setup) }
}

/** 赛事设置 editor: everything the committee sets for one competition, saved as a whole. */
export default function Editor({ competitionId, onClose, onSaved }: Props) {
  const [id, setId] = useState(competitionId)
  const { state, reload, update } = usePageData(
    async (): Promise<TEditing> => (competitionId ? loadSetup(competitionId) : { version: 0, form: emptyForm() }),
    [competitionId],
    // Not again when the page is shown after being hidden: that would drop unsaved changes.
    { reloadOnShow: false },
  )
  const [errors, setErrors] = useState<TSetupErrors>(NO_ERRORS)
  const [banner, setBanner] = useState<string[]>([])
  const [saved, setSaved] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [dirty, setDirty] = useState(false)

  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />
  const { form, version } = state.data

  const change: TCardProps['change'] = (next, ...where) => {
    update((data) => ({ ...data, form: next(data.form) }))
    setErrors((current) => withoutError(current, ...where))
    setSaved(null)
    setDirty(true)
  }
  const cardProps: TCardProps = {
    form,
    errorAt: (where) => errors.byKey[where],
    change,
    set: (patch, ...where) => change((f) => ({ ...f, ...patch }), ...where),
  }

  async function close() {
    if (dirty) {
      const answer = await Taro.showModal({ title: '放弃修改', content: '修改还没有保存，确定返回吗？', confirmText: '返回' })
      if (!answer.confirm) return
    }
    onClose()
  }

  async function save() {
    setSaved(null)
    const checked = toSetupInput(form)
    if (!checked.ok) {
      setErrors(checked.errors)
      setBanner([`有 ${errorCount(checked.errors)} 处需要修改，请按提示修改后再保存`, ...checked.errors.general])
      return
    }
    setSaving(true)
    setErrors(NO_ERRORS)
    setBanner([])
    try {
      const stored = id ? await updateCompetition(id, { version, setup: checked.input }) : await createCompetition(checked.input)
      update(() => ({ version: stored.version, form: formFromSetup(stored) }))
      setId(stored.id)
      setDirty(false)
      setSaved(id ? '已保存' : '赛事已创建')
      void Taro.showToast({ title: '已保存', icon: 'success' })
      onSaved(stored)
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT' && id) {
        // Someone saved in between: show what is stored now.
        try {
          const fresh = await loadSetup(id)
          update(() => fresh)
          setDirty(false)
        } catch (reloadError) {
          setBanner([CONFLICT_MESSAGE, errorMessage(reloadError)])
          return
        }
        setBanner([CONFLICT_MESSAGE])
      } else if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
        const placed = serverErrors(error.fields ?? [], checked.sent)
        setErrors(placed)
        setBanner([error.message, ...placed.general])
      } else {
        // COMPETITION_CHANGE_REFUSED and the rest: the BFF's own words.
        setBanner([errorMessage(error)])
      }
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className="setup-editor">
      <View className="setup-editor__top">
        <Text className="setup-editor__back" onClick={() => void close()}>
          ‹ 返回赛事列表
        </Text>
        <View className="committee__heading setup-editor__title">{id ? `编辑：${form.name || '未命名赛事'}` : '新建赛事'}</View>
      </View>

      <View className="committee__columns">
        <View className="committee__column">
          <BasicsCard {...cardProps} />
          <WindowCard {...cardProps} />
          <GroupsCard {...cardProps} />
          <EligibilityCard {...cardProps} />
          <RequirementsCard {...cardProps} />
          <VenuesCard {...cardProps} />
        </View>
        <View className="committee__column">
          <TradesCard {...cardProps} />
          <UnionsCard {...cardProps} />
          <AuditPathsCard {...cardProps} />
          <QuotasCard {...cardProps} />
          <ResultsCard {...cardProps} />
        </View>
      </View>

      <View className="setup-editor__actions">
        <View className="setup-editor__messages">
          {banner.map((line) => (
            <View key={line} className="committee__error setup-editor__banner">
              {line}
            </View>
          ))}
          {saved && <View className="setup-editor__saved">{saved}</View>}
        </View>
        <Button className="committee__primary setup-editor__save" loading={saving} disabled={saving} onClick={() => void save()}>
          {id ? '保存修改' : '创建赛事'}
        </Button>
      </View>
    </View>
  )
}
