export default definePageConfig({
  navigationBarTitleText: '工会名录',
})
