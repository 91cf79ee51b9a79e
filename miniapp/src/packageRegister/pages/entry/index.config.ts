export default definePageConfig({
  navigationBarTitleText: '报名 · 工会代码',
})
