export default definePageConfig({
  navigationBarTitleText: '组委会管理',
})
