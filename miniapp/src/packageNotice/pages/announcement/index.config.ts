export default definePageConfig({
  navigationBarTitleText: '大赛通知',
})
