import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { acceptInvitation, getInvitationByCode } from '../../../api/invitations'
import { errorMessage } from '../../../api/errors'
import PageStatus from '../../../components/PageStatus'
import { toFailure, usePageData } from '../../../loading/usePageData'
import { replacePage } from '../../../navigation/routes'
import { checkTypedCode, inviteCodeFromParams, toAcceptedView, toOfferView, type TAcceptedView } from './view'

import './index.scss'

function CodeForm({ initial, onSubmit }: { initial: string; onSubmit: (code: string) => void }) {
  const [typed, setTyped] = useState(initial)
  const [problem, setProblem] = useState<string | null>(null)
  const submit = () => {
    const checked = checkTypedCode(typed)
    if (checked.ok) onSubmit(checked.code)
    else setProblem(checked.message)
  }
  return (
    <View className="invite__card">
      <View className="invite__title">输入邀请码</View>
      <View className="invite__hint">邀请码由大赛组委会或工会发给您，共 10 位字母或数字。</View>
      <Input
        className="invite__input"
        value={typed}
        placeholder="10 位邀请码"
        maxlength={10}
        onInput={(event) => setTyped(event.detail.value)}
        onConfirm={submit}
      />
      {problem && <View className="invite__error">{problem}</View>}
      <Button className="invite__primary" onClick={submit}>
        查看邀请
      </Button>
    </View>
  )
}

/**
 * Accepting a staff invitation. Opens from a QR code (scene `i=<CODE>`), a `?code=` link, or
 * 我的 › 输入邀请码; shows what the invitation offers, then binds the role on 接受邀请.
 */
export default function Invite() {
  const { params } = useRouter()
  const [code, setCode] = useState<string | null>(() => inviteCodeFromParams(params))
  const [accepting, setAccepting] = useState(false)
  const [acceptError, setAcceptError] = useState<string | null>(null)
  const [accepted, setAccepted] = useState<TAcceptedView | null>(null)

  const { state, reload } = usePageData(async () => (code ? toOfferView(await getInvitationByCode(code)) : null), [code])

  async function accept(withCode: string) {
    setAccepting(true)
    setAcceptError(null)
    try {
      setAccepted(toAcceptedView(await acceptInvitation(withCode)))
    } catch (error) {
      const failure = toFailure(error)
      setAcceptError(failure.kind === 'signed-out' ? '登录已失效，请重新登录后再接受' : errorMessage(error))
    } finally {
      setAccepting(false)
    }
  }

  const enterAgain = () => {
    setAcceptError(null)
    setCode(null)
  }

  if (accepted) {
    return (
      <View className="invite">
        <View className="invite__card invite__done">
          <View className="invite__done-title">已接受邀请</View>
          <View className="invite__role">您现在是{accepted.roleLabel}</View>
          <View className="invite__scope">{accepted.scope}</View>
          {/* In place of this page: back from the role's pages goes where the person came from. */}
          <Button className="invite__primary" onClick={() => void replacePage(accepted.link.path)}>
            进入{accepted.link.title}
          </Button>
        </View>
      </View>
    )
  }

  if (code === null) {
    return (
      <View className="invite">
        <CodeForm initial="" onSubmit={setCode} />
      </View>
    )
  }

  if (state.kind === 'error') {
    return (
      <View className="invite">
        <View className="invite__card">
          <View className="invite__failed">{state.message}</View>
          <Button className="invite__primary" onClick={enterAgain}>
            重新输入邀请码
          </Button>
          <Button className="invite__secondary" onClick={() => void reload()}>
            重试
          </Button>
        </View>
      </View>
    )
  }
  if (state.kind !== 'ready' || state.data === null) {
    return <PageStatus state={state.kind === 'ready' ? { kind: 'loading' } : state} onRetry={() => void reload()} />
  }

  const offer = state.data
  return (
    <View className="invite">
      <View className="invite__card">
        <View className="invite__hint">您收到一份工作人员邀请</View>
        <View className="invite__role">{offer.roleLabel}</View>
        {offer.lines.map((line) => (
          <View key={line.label} className="invite__line">
            <Text className="invite__line-label">{line.label}</Text>
            <Text className="invite__line-value">{line.value}</Text>
          </View>
        ))}
        {offer.note !== '' && (
          <View className="invite__line">
            <Text className="invite__line-label">备注</Text>
            <Text className="invite__line-value">{offer.note}</Text>
          </View>
        )}
        <View className="invite__expires">{offer.expires}</View>
        {acceptError && <View className="invite__error">{acceptError}</View>}
        <Button className="invite__primary" loading={accepting} disabled={accepting} onClick={() => void accept(code)}>
          接受邀请
        </Button>
        <Button className="invite__secondary" onClick={enterAgain}>
          输入其他邀请码
        </Button>
      </View>
    </View>
  )
}
