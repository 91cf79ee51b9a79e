import { Input, Text, View } from '@tarojs/components'
import FieldError from './FieldError'

export type Props = {
  kind: 'trade' | 'venue'
  row: { code: string; name: string }
  nameLabel: string
  nameMaxLength: number
  errorOf: (field: 'code' | 'name') => string | undefined
  onInput: (field: 'code' | 'name', value: string) => void
  onRemove: () => void
}

/**
 * The head of a trade or venue row: its code, its name and 删除, with their errors. Class names
 * follow the row kind (`trade-row__code`, `venue-row__name`, …).
 */
export default function CodeNameHead({ kind, row, nameLabel, nameMaxLength, errorOf, onInput, onRemove }: Props) {
  return (
    <>
      <View className="setup-editor__bar">
        <Input
          className={`committee__input setup-editor__code ${kind}-row__code`}
          value={row.code}
          maxlength={32}
          placeholder={kind === 'trade' ? '工种代码' : '赛场代码'}
          onInput={(e) => onInput('code', e.detail.value)}
        />
        <Input
          className={`committee__input setup-editor__grow ${kind}-row__name`}
          value={row.name}
          maxlength={nameMaxLength}
          placeholder={nameLabel}
          onInput={(e) => onInput('name', e.detail.value)}
        />
        <Text className={`setup-editor__link setup-editor__remove ${kind}-row__remove`} onClick={onRemove}>
          删除
        </Text>
      </View>
      <FieldError message={errorOf('code')} />
      <FieldError message={errorOf('name')} />
    </>
  )
}
