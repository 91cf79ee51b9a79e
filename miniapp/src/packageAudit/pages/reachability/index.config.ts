export default definePageConfig({
  navigationBarTitleText: '无法推送的报名人',
})
