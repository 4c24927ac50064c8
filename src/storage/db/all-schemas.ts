// Every table of every module, for drizzle-kit and for typed queries.
export * from './schema.ts';
export * from '../../modules/mailboxes/schema.ts';
export * from "../../modules/mail/schema.ts";
export * from "../../modules/accounts/schema.ts";
export * from "../../modules/demo-pki/schema.ts";
export * from "../../modules/operator-keys/schema.ts";
export * from "../../modules/audit/checkpoints/schema.ts";
export * from "../../modules/hybrid/schema.ts";
export * from "../../modules/docflow/schema.ts";
