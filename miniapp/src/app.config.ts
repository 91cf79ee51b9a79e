export default defineAppConfig({
  pages: ['pages/index/index', 'pages/competition/index'],
  // Role-specific pages live in subpackages so the worker's main package stays small.
  subPackages: [
    { root: 'packageAudit', pages: ['pages/home/index'] },
    { root: 'packageVenue', pages: ['pages/scan/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTitleText: '职工职业技能大赛',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f5f5',
  },
})
