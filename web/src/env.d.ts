/// <reference types="vite/client" />

declare module 'virtual:api-operations' {
  const operations: Record<string, [method: string, path: string]>;
  export default operations;
}
