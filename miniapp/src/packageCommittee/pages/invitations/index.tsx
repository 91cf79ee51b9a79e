import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Image, Input, Text, View } from '@tarojs/components'
import { getMe } from '../../../api/account'
import { listSetupCompetitions } from '../../../api/admin'
import { errorMessage } from '../../../api/errors'
import {
  createInvitation,
  listInvitations,
  listRoleGrants,
  revokeInvitation,
  revokeRoleGrant,
} from '../../../api/invitations'
import PageStatus from '../../../components/PageStatus'
import PrivacyPopup from '../../../components/PrivacyPopup'
import StatusView from '../../../components/StatusView'
import { usePageData } from '../../../loading/usePageData'
import { hasRole } from '../../../roles/view'
import { NOT_COMMITTEE_MESSAGE } from '../index/view'
import UnionPicker from './UnionPicker'
import {
  choosesCompetition,
  competitionOptions,
  EMPTY_FORM,
  EXPIRY_OPTIONS,
  invitableRoles,
  needsUnion,
  needsVenue,
  toCreatedView,
  toCreateInput,
  toGrantRows,
  toInvitationRows,
  type TCreatedView,
  type TFormErrors,
  type TInviteForm,
  venueOptions,
} from './view'

import '../../committee.scss'
import './index.scss'

async function loadAll() {
  const me = await getMe()
  if (!hasRole(me.roles, 'committee', 'admin')) return { me, allowed: false as const }
  // The competitions the viewer manages, drafts included: the ones they may invite staff for.
  const [invitations, grants, competitions] = await Promise.all([listInvitations(), listRoleGrants(), listSetupCompetitions()])
  return { me, allowed: true as const, invitations, grants, competitions }
}

function Chip({ on, label, onClick }: { on: boolean; label: string; onClick: () => void }) {
  return (
    <Text className={`committee__chip${on ? ' committee__chip--on' : ''}`} onClick={onClick}>
      {label}
    </Text>
  )
}

async function confirm(title: string, content: string): Promise<boolean> {
  const answer = await Taro.showModal({ title, content, confirmText: '撤销', confirmColor: '#c8161d' })
  return answer.confirm
}

function toast(message: string): void {
  void Taro.showToast({ title: message, icon: 'none' })
}

/** 邀请管理: create invitations, see their status, revoke invitations and role grants. */
export default function Invitations() {
  const { state, reload } = usePageData(loadAll, [])
  const [form, setForm] = useState<TInviteForm>(EMPTY_FORM)
  const [errors, setErrors] = useState<TFormErrors>({})
  const [submitting, setSubmitting] = useState(false)
  const [submitError, setSubmitError] = useState<string | null>(null)
  const [created, setCreated] = useState<TCreatedView | null>(null)

  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />
  if (!state.data.allowed) return <StatusView kind="empty" message={NOT_COMMITTEE_MESSAGE} />
  const { me, invitations, grants, competitions } = state.data

  const change = (patch: Partial<TInviteForm>) => {
    setForm((current) => ({ ...current, ...patch }))
    setErrors({})
  }

  async function submit() {
    const checked = toCreateInput(form, me)
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setSubmitting(true)
    setSubmitError(null)
    try {
      setCreated(toCreatedView(await createInvitation(checked.input)))
      setForm(EMPTY_FORM)
      await reload({ quiet: true })
    } catch (error) {
      setSubmitError(errorMessage(error))
    } finally {
      setSubmitting(false)
    }
  }

  async function revoke(kind: 'invitation' | 'grant', id: string) {
    const sure =
      kind === 'invitation'
        ? await confirm('撤销邀请', '撤销后该邀请码不能再使用。')
        : await confirm('撤销角色', '撤销后对方将立即失去该角色的权限。')
    if (!sure) return
    try {
      if (kind === 'invitation') await revokeInvitation(id)
      else await revokeRoleGrant(id)
      toast('已撤销')
      await reload({ quiet: true })
    } catch (error) {
      toast(errorMessage(error))
    }
  }

  const competitionChoices = competitionOptions(form.role, competitions, me)
  const venueChoices = venueOptions(form.competitionId, competitions)
  const invitationRows = toInvitationRows(invitations)
  const grantRows = toGrantRows(grants)

  return (
    <View className="committee invitations">
      <View className="committee__columns">
        <View className="committee__column">
          {created && (
            <View className="committee__card invitation-created">
              <View className="committee__heading">邀请已生成</View>
              <View className="committee__hint">
                {created.roleLabel} · {created.scope}
              </View>
              <Text className="invitation-code" userSelect>
                {created.code}
              </Text>
              {created.qrImage && (
                <View className="invitation-qr">
                  <Image className="invitation-qr__image" src={created.qrImage} showMenuByLongpress />
                  <View className="committee__hint">对方用微信扫码即可打开邀请</View>
                </View>
              )}
              <View className="committee__hint">{created.expires}。邀请码和小程序码只显示这一次，请复制或保存后发给对方。</View>
              <Button className="committee__primary" onClick={() => void Taro.setClipboardData({ data: created.code })}>
                复制邀请码
              </Button>
            </View>
          )}

          <View className="committee__card invitation-form">
            <View className="committee__heading">新建邀请</View>

            <View className="committee__label">角色</View>
            <View className="committee__chips">
              {invitableRoles(me).map((option) => (
                <Chip
                  key={option.role}
                  on={form.role === option.role}
                  label={option.label}
                  onClick={() => change({ role: option.role, union: null, competitionId: null, venue: '' })}
                />
              ))}
            </View>
            {errors.role && <View className="committee__error">{errors.role}</View>}

            {needsUnion(form.role) && (
              <>
                <View className="committee__label">工会</View>
                <UnionPicker value={form.union} onChange={(union) => change({ union })} />
                {errors.unionId && <View className="committee__error">{errors.unionId}</View>}
              </>
            )}

            {competitionChoices.length > 0 && (
              <>
                <View className="committee__label">赛事</View>
                <View className="committee__chips">
                  {competitionChoices.map((option) => (
                    <Chip
                      key={option.id ?? 'all'}
                      on={form.competitionId === option.id}
                      label={option.label}
                      onClick={() => change({ competitionId: option.id, venue: '' })}
                    />
                  ))}
                </View>
                {errors.competitionId && <View className="committee__error">{errors.competitionId}</View>}
              </>
            )}
            {choosesCompetition(form.role) && competitionChoices.length === 0 && (
              <View className="committee__hint">暂无可选赛事</View>
            )}

            {needsVenue(form.role) && (
              <>
                <View className="committee__label">赛场</View>
                {form.competitionId === null && <View className="committee__hint">请先选择赛事</View>}
                {form.competitionId !== null && venueChoices.length === 0 && (
                  <View className="committee__hint">该赛事还没有赛场，请先在“赛事设置”中添加赛场</View>
                )}
                <View className="committee__chips invitation-venues">
                  {venueChoices.map((option) => (
                    <Chip
                      key={option.value}
                      on={form.venue === option.value}
                      label={option.label}
                      onClick={() => change({ venue: option.value })}
                    />
                  ))}
                </View>
                {errors.venue && <View className="committee__error">{errors.venue}</View>}
              </>
            )}

            <View className="committee__label">有效期</View>
            <View className="committee__chips">
              {EXPIRY_OPTIONS.map((option) => (
                <Chip
                  key={option.hours}
                  on={form.expiresInHours === option.hours}
                  label={option.label}
                  onClick={() => change({ expiresInHours: option.hours })}
                />
              ))}
            </View>

            <View className="committee__label">备注（选填）</View>
            <Input
              className="committee__input"
              value={form.note}
              placeholder="例如 对方姓名和单位"
              maxlength={100}
              onInput={(event) => change({ note: event.detail.value })}
            />

            {submitError && <View className="committee__error">{submitError}</View>}
            <Button className="committee__primary" loading={submitting} disabled={submitting} onClick={() => void submit()}>
              生成邀请码
            </Button>
          </View>
        </View>

        <View className="committee__column">
          <View className="committee__card invitation-list">
            <View className="committee__heading">邀请记录</View>
            {invitationRows.length === 0 && <View className="committee__empty">还没有邀请</View>}
            {invitationRows.map((row) => (
              <View key={row.id} className="committee__row">
                <View className="committee__row-main">
                  <View className="committee__row-title">
                    {row.title}
                    <Text className={`committee__badge${row.pending ? ' committee__badge--pending' : ''}`}>
                      {row.statusLabel}
                    </Text>
                  </View>
                  <View className="committee__row-sub">{row.detail}</View>
                </View>
                {row.pending && (
                  <Button className="committee__small" size="mini" onClick={() => void revoke('invitation', row.id)}>
                    撤销
                  </Button>
                )}
              </View>
            ))}
          </View>

          <View className="committee__card grant-list">
            <View className="committee__heading">已授予的角色</View>
            {grantRows.length === 0 && <View className="committee__empty">还没有授予角色</View>}
            {grantRows.map((row) => (
              <View key={row.id} className="committee__row">
                <View className="committee__row-main">
                  <View className="committee__row-title">{row.title}</View>
                  <View className="committee__row-sub">{row.detail}</View>
                </View>
                <Button className="committee__small" size="mini" onClick={() => void revoke('grant', row.id)}>
                  撤销
                </Button>
              </View>
            ))}
          </View>
        </View>
      </View>
      <PrivacyPopup />
    </View>
  )
}
