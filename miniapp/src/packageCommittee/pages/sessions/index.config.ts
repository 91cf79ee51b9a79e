export default definePageConfig({
  navigationBarTitleText: '场次与考场安排',
})
