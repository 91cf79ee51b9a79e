import { Text, View } from '@tarojs/components'
import type { TAuditDesk, TNationalIdInUse } from '@contest/shared'
import { openPage, PAGES } from '../../navigation/routes'
import { nationalIdInUseText } from '../desk'

type Props = {
  desk: TAuditDesk
  inUse: TNationalIdInUse
}

/**
 * The registration that holds a disputed ID number, to settle whose it is: named, with the way to
 * it, when it lies in the official's scope; outside it, only that it exists.
 */
export default function NationalIdInUse({ desk, inUse }: Props) {
  return (
    <View className="audit-in-use">
      <Text>{nationalIdInUseText(inUse)}</Text>
      {inUse.reach === 'in_scope' && (
        <Text className="audit__link audit-in-use__open" onClick={() => void openPage(PAGES.auditDetail, { desk, id: inUse.id })}>
          查看该报名
        </Text>
      )}
    </View>
  )
}
