// Lint: TypeScript hygiene plus the dependency direction between packages.
import tseslint from 'typescript-eslint';

const noImports = (message, pattern) => ({ 'no-restricted-imports': ['error', { patterns: [{ ...pattern, message }] }] });

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', '.artifacts/**', 'coverage/**', 'miniapp/.temp/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': 'error',
    },
  },
  {
    // Test shims load built mini-program bundles with require().
    files: ['tests/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: noImports('shared/ imports only zod and its own files.', { regex: '^(?!zod(/|$)|\\./)' }),
  },
  {
    files: ['miniapp/**/*.{ts,tsx}'],
    rules: noImports('The mini-program never imports the BFF; use the contracts in @contest/shared.', {
      regex: '(^@contest/bff|/bff/|/devstore)',
    }),
  },
  {
    // The API client is the mini-program's bottom layer: sign-in, loading and pages build on it, never the reverse.
    files: ['miniapp/src/api/**/*.ts'],
    rules: noImports('miniapp/src/api imports only its own files, Taro, zod and @contest/shared.', { regex: '^(?!@tarojs/taro$|zod$|@contest/shared$|\\./)' }),
  },
  {
    files: ['bff/src/**/*.ts'],
    rules: noImports('Production code never imports the development tools (embedded store, WeChat emulator).', { regex: '(devstore|wechat-emulator)' }),
  },
);
