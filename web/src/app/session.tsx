/**
 * What every screen may need: the server's public facts (demo mode, domain) and who is signed
 * in. The signed-in account comes from the accounts API when the server offers it.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Answer } from '../api/answers.ts';
import { call, hasOperation, setCsrfToken } from '../api/client.ts';

export type ServiceInfo = Answer<'getServiceInfo'>;

export interface Account {
  id?: string;
  login: string;
  address?: string;
  kind?: 'personal' | 'organisation' | 'staff';
  staffRole?: 'operator_admin' | 'clerk' | 'print_centre' | null;
  official?: boolean;
  displayName?: string;
  csrfToken?: string;
  [more: string]: unknown;
}

interface SessionState {
  info: ServiceInfo | null;
  infoFailed: boolean;
  account: Account | null;
  loading: boolean;
  refresh(): Promise<Account | null>;
  signedIn(account: Account): void;
  signOut(): Promise<void>;
}

const Ctx = createContext<SessionState | null>(null);

/** The operation that tells who is signed in (accounts API); absent → nobody. */
export const SESSION_OPERATION = 'getCurrentAccount';

function unwrap(body: unknown): Account | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  const acc = (b.account && typeof b.account === 'object' ? b.account : b) as Account;
  if (typeof b.csrfToken === 'string') acc.csrfToken = b.csrfToken;
  // getCurrentAccount: the mailbox's address and official mark sit under `mailbox`.
  const mailbox = b.mailbox as { address?: string; official?: boolean } | null | undefined;
  if (mailbox) {
    acc.address ??= mailbox.address;
    acc.official ??= mailbox.official;
  }
  return typeof acc.login === 'string' ? acc : null;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [info, setInfo] = useState<ServiceInfo | null>(null);
  const [infoFailed, setInfoFailed] = useState(false);
  const [account, setAccount] = useState<Account | null>(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async (): Promise<Account | null> => {
    try {
      if (await hasOperation(SESSION_OPERATION)) {
        const acc = unwrap(await call(SESSION_OPERATION));
        if (acc?.csrfToken) setCsrfToken(acc.csrfToken);
        setAccount(acc);
        return acc;
      }
      return null;
    } catch {
      setAccount(null);
      return null;
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    call<ServiceInfo>('getServiceInfo')
      .then(setInfo)
      .catch(() => setInfoFailed(true));
    void refresh();
  }, [refresh]);

  const signedIn = useCallback((body: Account) => {
    const acc = unwrap(body);
    setCsrfToken(acc?.csrfToken);
    setAccount(acc);
  }, []);

  const signOut = useCallback(async () => {
    try {
      if (await hasOperation('logout')) await call('logout', { body: {} });
    } finally {
      setCsrfToken(undefined);
      setAccount(null);
    }
  }, []);

  return <Ctx.Provider value={{ info, infoFailed, account, loading, refresh, signedIn, signOut }}>{children}</Ctx.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** Whether the server offers an operation (undefined while finding out). */
export function useOperation(id: string): boolean | undefined {
  const [has, setHas] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void hasOperation(id).then((v) => live && setHas(v));
    return () => {
      live = false;
    };
  }, [id]);
  return has;
}
