/**
 * Chooses the state registry at start-up: the demo file in demo mode, else the e-government
 * gateway, which must then be configured — production start-up without it is refused, naming
 * the variable (a registry that silently confirms nothing would register anybody).
 *
 *   JASHIK_EGOV_URL, JASHIK_EGOV_SENDER_ID, JASHIK_EGOV_PASSWORD (required outside demo mode)
 *   JASHIK_EGOV_PERSON_SERVICE (default GBDFL_UniversalServiceSync)
 *   JASHIK_EGOV_ORGANISATION_SERVICE (default GBDUL_UniversalServiceSync)
 */
import { ConfigError, type Config } from '../../config.ts';
import { demoFileRegistry } from './demo-file-registry.ts';
import { egovGatewayRegistry } from './egov-gateway-registry.ts';
import type { StateRegistry } from './state-registry.ts';

type Env = Record<string, string | undefined>;

export function stateRegistryFromEnv(config: Pick<Config, 'demo' | 'dataDir'>, env: Env = process.env): StateRegistry {
  const url = env.JASHIK_EGOV_URL;
  if (config.demo && !url) return demoFileRegistry(config.dataDir);
  if (!url) throw new ConfigError('JASHIK_EGOV_URL', 'the e-government gateway SyncChannel URL (required outside demo mode)', '');
  if (!/^https?:\/\//.test(url)) throw new ConfigError('JASHIK_EGOV_URL', 'an http(s) URL', url);
  const senderId = env.JASHIK_EGOV_SENDER_ID;
  if (!senderId) throw new ConfigError('JASHIK_EGOV_SENDER_ID', 'the sender id issued by the gateway', '');
  const password = env.JASHIK_EGOV_PASSWORD;
  if (!password) throw new ConfigError('JASHIK_EGOV_PASSWORD', 'the sender password issued by the gateway', '');
  return egovGatewayRegistry({
    url,
    senderId,
    password,
    personServiceId: env.JASHIK_EGOV_PERSON_SERVICE || undefined,
    organisationServiceId: env.JASHIK_EGOV_ORGANISATION_SERVICE || undefined,
  });
}
