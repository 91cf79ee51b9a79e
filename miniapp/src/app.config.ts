export default defineAppConfig({
  // Main package: what every worker opens (我的 › 消息 too), plus sign-in and the privacy notice.
  pages: ['pages/index/index', 'pages/competition/index', 'pages/mine/index', 'pages/inbox/index', 'pages/login/index', 'pages/privacy/index'],
  // Role-specific pages live in subpackages so the worker's main package stays small.
  subPackages: [
    // Opened from an invitation QR code (scene=i=<CODE>) or from 我的 › 输入邀请码.
    { root: 'packageInvite', pages: ['pages/invite/index'] },
    {
      root: 'packageCommittee',
      pages: ['pages/index/index', 'pages/invitations/index', 'pages/unions/index', 'pages/competitions/index', 'pages/announcements/index', 'pages/sessions/index', 'pages/scores/index', 'pages/results/index'],
    },
    // Both audit desks, by `?desk=`: union officials (审核工作台) and the committee (报名确认).
    { root: 'packageAudit', pages: ['pages/home/index', 'pages/queue/index', 'pages/detail/index', 'pages/reachability/index', 'pages/teams/index'] },
    // Independent: a scan opens it without downloading the main package (own runtime; no app.ts, no app.wxss).
    { root: 'packageVenue', pages: ['pages/scan/index', 'pages/board/index', 'pages/conflicts/index'], independent: true },
    // A committee announcement as a worker reads it (opened from the inbox or the WeChat message); the public results and certificate check (no sign-in).
    { root: 'packageNotice', pages: ['pages/announcement/index', 'pages/results/index', 'pages/verify/index'] },
    // A worker's registration: union code (typed, scanned, or a poster's scene u=<CODE>&k=<key>), form, 我的报名, the pass (准考证).
    { root: 'packageRegister', pages: ['pages/entry/index', 'pages/form/index', 'pages/mine/index', 'pages/detail/index', 'pages/pass/index', 'pages/confirm/index'] },
  ],
  // WeChat holds privacy-covered APIs until the person agrees (see src/privacy/wechat.ts).
  __usePrivacyCheck__: true,
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTitleText: '职工职业技能大赛',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f5f5',
  },
})
