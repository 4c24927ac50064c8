CREATE TABLE "demo_pki_certificates" (
	"serial" text PRIMARY KEY NOT NULL,
	"issuer" text NOT NULL,
	"kind" text NOT NULL,
	"alg" text NOT NULL,
	"subject" text NOT NULL,
	"iin" text,
	"bin" text,
	"fingerprint" text NOT NULL,
	"der" "bytea" NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revocation_reason" text,
	CONSTRAINT "demo_pki_certificates_fingerprint_unique" UNIQUE("fingerprint"),
	CONSTRAINT "demo_pki_certificates_issuer_ck" CHECK (issuer in ('root', 'issuing')),
	CONSTRAINT "demo_pki_certificates_alg_ck" CHECK (alg in ('rsa', 'gost2015'))
);
--> statement-breakpoint
CREATE TABLE "operator_certificates" (
	"fingerprint" text PRIMARY KEY NOT NULL,
	"serial" text NOT NULL,
	"subject" text NOT NULL,
	"issuer" text NOT NULL,
	"der" "bytea" NOT NULL,
	"chain_pem" text NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"key_file" text,
	"current" boolean DEFAULT false NOT NULL,
	"activated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "operator_certificates_source_ck" CHECK (source in ('configured', 'demo'))
);
--> statement-breakpoint
CREATE TABLE "audit_checkpoints" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"cms" "bytea" NOT NULL,
	"certificate_fingerprint" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "demo_pki_certificates_iin_idx" ON "demo_pki_certificates" USING btree ("iin");--> statement-breakpoint
CREATE INDEX "demo_pki_certificates_revoked_idx" ON "demo_pki_certificates" USING btree ("issuer") WHERE revoked_at is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "operator_certificates_one_current_uq" ON "operator_certificates" USING btree ("current") WHERE current;