/**
 * Choosing how to sign: NCALayer (always), or the test signer (demo mode only, labelled as such)
 * with a demo-CA PKCS#12 file and its password, read only inside this page.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session.tsx';
import { FileField, TextField } from '../components/fields.tsx';
import { ncaLayerSigner } from './ncalayer-signer.ts';
import { SignerError, type Signer } from './signer.ts';

export interface SignerChoice {
  kind: 'ncalayer' | 'test';
  setKind(k: 'ncalayer' | 'test'): void;
  file: File | null;
  setFile(f: File | null): void;
  password: string;
  setPassword(p: string): void;
  /** The chosen signer, ready to sign (the test key is read now). */
  signer(): Promise<Signer>;
}

export function useSignerChoice(): SignerChoice {
  const { info } = useSession();
  const [kind, setKind] = useState<'ncalayer' | 'test'>('ncalayer');
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  return {
    kind: info?.demo ? kind : 'ncalayer',
    setKind,
    file,
    setFile,
    password,
    setPassword,
    async signer() {
      if (!info?.demo || kind === 'ncalayer') return ncaLayerSigner({ allowTestCertificates: Boolean(info?.demo) });
      if (!file) throw new SignerError('bad_file', 'no file');
      // Loaded on demand: the test signer's code is not part of the cabinet outside demo mode.
      const { loadTestKey, testSigner } = await import('./test-signer.ts');
      return testSigner(await loadTestKey(await file.arrayBuffer(), password));
    },
  };
}

export function signerErrorText(t: (k: string) => string, err: unknown): string | undefined {
  return err instanceof SignerError ? t(`signer.errors.${err.code}`) : undefined;
}

/** `id` prefixes the controls' ids (and names the radio group): several pickers may share a page. */
export function SignerPicker({ choice, purpose, id = 'signer' }: { choice: SignerChoice; purpose: 'sign' | 'auth'; id?: string }) {
  const { t } = useTranslation();
  const { info } = useSession();
  return (
    <fieldset className="signer">
      <legend>{t('signer.legend')}</legend>
      <div className="radio">
        <input type="radio" id={`${id}-ncalayer`} name={id} checked={choice.kind === 'ncalayer'} onChange={() => choice.setKind('ncalayer')} />
        <label htmlFor={`${id}-ncalayer`}>{t('signer.ncalayer')}</label>
      </div>
      <p className="hint">{t(purpose === 'auth' ? 'signer.ncalayerHintAuth' : 'signer.ncalayerHintSign')}</p>
      {info?.demo && (
        <>
          <div className="radio">
            <input type="radio" id={`${id}-test`} name={id} checked={choice.kind === 'test'} onChange={() => choice.setKind('test')} />
            <label htmlFor={`${id}-test`}>
              {t('signer.test')} <span className="badge badge-test">{t('signer.testBadge')}</span>
            </label>
          </div>
          {choice.kind === 'test' && (
            <div className="test-signer">
              <p className="hint">{t('signer.testHint')}</p>
              <FileField id={`${id}-file`} label={t('signer.file')} accept=".p12,.pfx,application/x-pkcs12" onFiles={(files) => choice.setFile(files[0] ?? null)} />
              <TextField id={`${id}-password`} label={t('signer.password')} type="password" autoComplete="off" value={choice.password} onChange={(e) => choice.setPassword(e.target.value)} />
            </div>
          )}
        </>
      )}
    </fieldset>
  );
}
