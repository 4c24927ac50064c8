/** Types for the parts of `ncalayer-js-client` (plain JS) that jashik uses. */
declare module 'ncalayer-js-client' {
  export class NCALayerError extends Error {
    canceledByUser?: boolean;
  }
  export class NCALayerClient {
    constructor(url?: string, allowKmdHttpApi?: boolean);
    wsConnection: { close(): void } | null;
    connect(): Promise<string>;
    basicsSignCMS(allowedStorages: string[] | null, data: string | ArrayBuffer | Blob, signingParams: object, signerParams: object, locale?: string): Promise<string>;
    static get basicsStorageAll(): string[] | null;
    static get basicsCMSParamsAttached(): object;
    static get basicsCMSParamsDetached(): object;
    static get basicsSignerSignAny(): object;
    static get basicsSignerAuthAny(): object;
    static get basicsSignerTestAny(): object;
  }
}
