export default definePageConfig({
  navigationBarTitleText: '重复扫码记录',
})
