export default definePageConfig({
  navigationBarTitleText: '邀请管理',
})
