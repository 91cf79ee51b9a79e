import { Text, View } from '@tarojs/components'
import { DECLARATION_TEXT, type TDeclarationKey } from '@contest/shared'
import { fieldId } from './Field'
import type { TFieldErrors, TFieldKey, TFormFields } from './view'

export type Props = {
  /** The declarations this competition and group ask for. */
  required: readonly TDeclarationKey[]
  declarations: TFormFields['declarations']
  errors: TFieldErrors
  excludedHonours: readonly string[]
  onToggle: (key: TDeclarationKey, field: TFieldKey) => void
}

/** 参赛声明: each declaration the worker confirms, one tap each. */
export default function DeclarationsCard({ required, declarations, errors, excludedHonours, onToggle }: Props) {
  return (
    <View className="register__card">
      <View className="register__heading">参赛声明</View>
      <View className="register__hint">请逐项确认。如与事实不符，将取消参赛资格。</View>
      {required.map((key) => {
        const on = declarations[key]
        const field: TFieldKey = `declarations.${key}`
        return (
          <View key={key} id={fieldId(field)} className={`register-field register-field--declarations-${key}`}>
            <View className="register-check" onClick={() => onToggle(key, field)}>
              <Text className={`tick-box register-check__box${on ? ' tick-box--on' : ''}`}>{on ? '✓' : ''}</Text>
              <View>
                <Text className="register-check__text">{DECLARATION_TEXT[key]}</Text>
                {key === 'noExcludedHonour' && <Text className="register-check__honours">（{excludedHonours.join('、')}）</Text>}
              </View>
            </View>
            {errors[field] && <View className="register__error register-field__error">{errors[field]}</View>}
          </View>
        )
      })}
    </View>
  )
}
