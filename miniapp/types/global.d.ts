/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.svg'
declare module '*.css'
declare module '*.scss'

declare namespace NodeJS {
  interface ProcessEnv {
    /** Set by Taro for the platform being built. */
    TARO_ENV?: 'weapp' | 'h5'
    /** BFF base URL; compiled in by config/index.ts (`''` = same origin). */
    TARO_APP_API_BASE?: string
  }
}
