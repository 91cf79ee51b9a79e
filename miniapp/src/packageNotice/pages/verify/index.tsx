import { useEffect, useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import type { TCertificateVerification, TVerifiedCertificate } from '@contest/shared'
import { verifyCertificate } from '../../../api/certificates'
import { errorMessage } from '../../../api/errors'
import StatusView from '../../../components/StatusView'

import './index.scss'

type TQuestion = { token: string } | { code: string }
type TCheck = { kind: 'idle' } | { kind: 'checking' } | { kind: 'answer'; answer: TCertificateVerification } | { kind: 'error'; message: string; question: TQuestion }

/**
 * The token a certificate's QR carries: `?token=` when the QR opened the H5 page, or inside `q`
 * (the whole scanned URL, encoded) when WeChat opens the mini-program for a linked H5 address.
 */
function scannedToken(params: Partial<Record<string, string>>): string {
  if (params.token) return params.token
  if (!params.q) return ''
  return /[?&]token=([^&#]+)/.exec(decodeURIComponent(params.q))?.[1] ?? ''
}

function CertificateFacts({ certificate }: { certificate: TVerifiedCertificate }) {
  const facts: [string, string][] = [
    ['大赛', certificate.competitionName],
    ['奖项', certificate.awardLabel],
    ['工种 / 组别', `${certificate.tradeName} · ${certificate.groupName}`],
    ['获奖人', certificate.maskedName],
    ['颁发日期', certificate.issuedDate],
    ['证书编号', certificate.shortCode],
  ]
  return (
    <View className="verify__facts">
      {facts.map(([label, value]) => (
        <View key={label} className="verify__fact">
          <Text className="verify__label">{label}</Text>
          <Text className="verify__value">{value}</Text>
        </View>
      ))}
      {certificate.honours.map((honour) => (
        <View key={honour} className="verify__honour">
          {honour}
        </View>
      ))}
    </View>
  )
}

/**
 * 证书验证, open to anyone: a certificate's QR (`?token=`) is checked at once; otherwise the short
 * code printed on it is typed in. Says plainly whether the certificate is valid, revoked (and
 * when) or not one of ours, with the award and the name partly masked as the BFF gives them.
 */
export default function Verify() {
  const token = scannedToken(useRouter().params)
  const [check, setCheck] = useState<TCheck>(token ? { kind: 'checking' } : { kind: 'idle' })
  const [code, setCode] = useState('')

  async function run(question: TQuestion) {
    setCheck({ kind: 'checking' })
    try {
      setCheck({ kind: 'answer', answer: await verifyCertificate(question) })
    } catch (failure) {
      setCheck({ kind: 'error', message: errorMessage(failure), question })
    }
  }

  useEffect(() => {
    if (token) void run({ token })
  }, [token])

  const typed = code.trim()
  const answer = check.kind === 'answer' ? check.answer : null
  // After a token that names no certificate, the printed code is the way left.
  const offerCode = !token || (answer !== null && !('certificate' in answer))

  return (
    <View className="verify">
      {check.kind === 'checking' && <StatusView kind="loading" />}
      {check.kind === 'error' && (
        <StatusView kind="error" message={check.message} onRetry={() => void run(check.question)} />
      )}
      {answer && (
        <View className={`verify__card verify__card--${answer.status}`}>
          <View className="verify__verdict">{answer.message}</View>
          {'certificate' in answer && <CertificateFacts certificate={answer.certificate} />}
        </View>
      )}
      {offerCode && (
        <View className="verify__card">
          <View className="verify__heading">输入证书编号验证</View>
          <View className="verify__hint">证书编号印在证书右下角，如 ABCDE-FGHJK2</View>
          <Input className="verify__code" value={code} placeholder="证书编号" maxlength={20} onInput={(e) => setCode(e.detail.value)} />
          <Button className="verify__send" disabled={!typed || check.kind === 'checking' || undefined} onClick={() => void run({ code: typed })}>
            验证
          </Button>
        </View>
      )}
    </View>
  )
}
