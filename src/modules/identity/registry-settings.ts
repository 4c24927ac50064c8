/**
 * Where the state registry is reached, read once with the rest of the configuration
 * (src/config.ts, `config.registry`). Setting JASHIK_EGOV_URL asks for the e-government gateway
 * (SyncChannel), whose sender id and password must then be set too; unset, demo mode uses the demo
 * file and production start-up is refused (registry-from-config.ts), naming the variable.
 *
 *   JASHIK_EGOV_URL, JASHIK_EGOV_SENDER_ID, JASHIK_EGOV_PASSWORD (required outside demo mode)
 *   JASHIK_EGOV_PERSON_SERVICE (default GBDFL_UniversalServiceSync)
 *   JASHIK_EGOV_ORGANISATION_SERVICE (default GBDUL_UniversalServiceSync)
 */
import { ConfigError, type Env } from '../../config-error.ts';

export interface RegistrySettings {
  egov?: { url: string; senderId: string; password: string; personServiceId: string; organisationServiceId: string };
}

export const DEFAULT_PERSON_SERVICE = 'GBDFL_UniversalServiceSync';
export const DEFAULT_ORGANISATION_SERVICE = 'GBDUL_UniversalServiceSync';

export function parseRegistrySettings(env: Env): RegistrySettings {
  const url = env.JASHIK_EGOV_URL;
  if (!url) return {};
  if (!/^https?:\/\//.test(url)) throw new ConfigError('JASHIK_EGOV_URL', 'an http(s) URL', url);
  const senderId = env.JASHIK_EGOV_SENDER_ID;
  if (!senderId) throw new ConfigError('JASHIK_EGOV_SENDER_ID', 'the sender id issued by the gateway', '');
  const password = env.JASHIK_EGOV_PASSWORD;
  if (!password) throw new ConfigError('JASHIK_EGOV_PASSWORD', 'the sender password issued by the gateway', '');
  return {
    egov: {
      url,
      senderId,
      password,
      personServiceId: env.JASHIK_EGOV_PERSON_SERVICE || DEFAULT_PERSON_SERVICE,
      organisationServiceId: env.JASHIK_EGOV_ORGANISATION_SERVICE || DEFAULT_ORGANISATION_SERVICE,
    },
  };
}

/** For `jashik config`: the gateway password is never shown; `demoFile` is what demo mode uses without a gateway. */
export function describeRegistrySettings(s: RegistrySettings, demoFile: string | undefined): Record<string, unknown> {
  const none = demoFile ? `(demo: ${demoFile})` : '(not set: required outside demo mode)';
  const g = s.egov;
  return {
    JASHIK_EGOV_URL: g?.url ?? none,
    JASHIK_EGOV_SENDER_ID: g?.senderId ?? none,
    JASHIK_EGOV_PASSWORD: g ? '(set, not shown)' : none,
    JASHIK_EGOV_PERSON_SERVICE: g?.personServiceId ?? DEFAULT_PERSON_SERVICE,
    JASHIK_EGOV_ORGANISATION_SERVICE: g?.organisationServiceId ?? DEFAULT_ORGANISATION_SERVICE,
  };
}
