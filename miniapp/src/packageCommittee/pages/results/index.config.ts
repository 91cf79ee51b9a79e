export default definePageConfig({
  navigationBarTitleText: '成绩公示',
})
