/**
 * Chooses the state registry at start-up from `config.registry` (registry-settings.ts): the
 * e-government gateway when it is configured, else the demo file in demo mode; production
 * start-up without the gateway is refused, naming the variable (a registry that silently
 * confirms nothing would register anybody).
 */
import { ConfigError, type Config } from '../../config.ts';
import { demoFileRegistry } from './demo-file-registry.ts';
import { egovGatewayRegistry } from './egov-gateway-registry.ts';
import type { StateRegistry } from './state-registry.ts';

export function stateRegistryFromConfig(config: Pick<Config, 'demo' | 'dataDir' | 'registry'>): StateRegistry {
  const egov = config.registry.egov;
  if (egov) return egovGatewayRegistry(egov);
  if (config.demo) return demoFileRegistry(config.dataDir);
  throw new ConfigError('JASHIK_EGOV_URL', 'the e-government gateway SyncChannel URL (required outside demo mode)', '');
}
